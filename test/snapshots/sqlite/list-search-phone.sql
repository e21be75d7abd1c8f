SELECT COUNT(*) AS total FROM (SELECT  d.call_started_at, d.call_log_id FROM (SELECT call_started_at, call_log_id FROM call_log_words WHERE clinic_id = ? AND (word >= ? AND word < ?
      AND instr(digits_before || substr(word, 2, ?), ?) = 0)) d ) m;

SELECT call_log_id FROM (SELECT  d.call_started_at, d.call_log_id FROM (SELECT call_started_at, call_log_id FROM call_log_words WHERE clinic_id = ? AND (word >= ? AND word < ?
      AND instr(digits_before || substr(word, 2, ?), ?) = 0)) d ) p ORDER BY call_started_at DESC, call_log_id DESC LIMIT ? OFFSET ?;

select "call_logs"."id", "call_logs"."clinic_id", "call_logs"."external_call_id", "call_logs"."caller_first_name", "call_logs"."caller_last_name", "call_logs"."caller_phone_number", "call_logs"."call_started_at", "call_logs"."reason_for_call", "call_logs"."status", "call_logs"."is_existing_patient", "call_logs"."callback_preference", "w"."assignee_user_id", "w"."priority", "w"."callback_due_at", "w"."callback_attempts", "w"."last_attempt_at", "w"."outcome", COALESCE(users.full_name, users.email) as "assignee_name" from "call_logs" left join "call_log_work" as "w" on "w"."call_log_id" = "call_logs"."id" left join "users" on "users"."id" = "w"."assignee_user_id" where "call_logs"."id" in (?) order by "call_logs"."call_started_at" desc, "call_logs"."id" desc;

select "clinics"."id", "clinics"."name", "clinics"."created_at", "clinics"."updated_at", (select group_concat(concat(call_log_versions.stripe, ':', call_log_versions.version)) as "versions" from "call_log_versions" where "call_log_versions"."clinic_id" = "clinics"."id") as "versions", "clinic_work_settings"."time_zone" from "clinics" left join "clinic_work_settings" on "clinic_work_settings"."clinic_id" = "clinics"."id" where "clinics"."id" = ?;

select "phone_digits", "calls" from "call_log_caller_counts" where "clinic_id" = ? and "phone_digits" in (?);
