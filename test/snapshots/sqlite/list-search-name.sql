SELECT COUNT(*) AS total FROM (SELECT  d.call_started_at, d.call_log_id FROM (SELECT call_started_at, call_log_id FROM call_log_words WHERE clinic_id = ? AND word = ?) d ) m;

SELECT call_log_id FROM (SELECT  d.call_started_at, d.call_log_id FROM (SELECT call_started_at, call_log_id FROM call_log_words WHERE clinic_id = ? AND word = ?) d ) p ORDER BY call_started_at DESC, call_log_id DESC LIMIT ? OFFSET ?;

SELECT word FROM call_log_words WHERE clinic_id = ? AND ("word" >= ? AND "word" < ?) 
      ORDER BY word LIMIT 1;

SELECT word FROM call_log_words WHERE clinic_id = ? AND ("word" >= ? AND "word" < ?) AND word > ?
      ORDER BY word LIMIT 1;

select "call_logs"."id", "call_logs"."clinic_id", "call_logs"."external_call_id", "call_logs"."caller_first_name", "call_logs"."caller_last_name", "call_logs"."caller_phone_number", "call_logs"."call_started_at", "call_logs"."reason_for_call", "call_logs"."status", "call_logs"."is_existing_patient", "call_logs"."callback_preference" from "call_logs" where "call_logs"."id" in (?) order by "call_logs"."call_started_at" desc, "call_logs"."id" desc;

select "clinics"."id", "clinics"."name", "clinics"."created_at", "clinics"."updated_at", "call_log_versions"."version" from "clinics" left join "call_log_versions" on "call_log_versions"."clinic_id" = "clinics"."id" where "clinics"."id" = ?;

select "suffix", count(*) as "total" from "call_log_phone_suffixes" where "clinic_id" = ? and "suffix" in (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) group by "suffix";
