select "id", "clinic_id", "external_call_id", "caller_first_name", "caller_last_name", "caller_phone_number", "call_started_at", "reason_for_call", "status", "is_existing_patient", "callback_preference", "call_ended_at", "summary", "detailed_reason", "preferred_dentist", "full_conversation_json", "raw_structured_data", "transcript_text", "audio_recording_url", "cost", "ended_reason", "created_at", "updated_at", CAST(call_duration_seconds AS DOUBLE) as "call_duration_seconds" from "call_logs" where "id" = ?;

select "id", "name", "created_at", "updated_at" from "clinics" where "id" = ?;
