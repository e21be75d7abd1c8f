select "call_logs"."id", "call_logs"."clinic_id", "call_logs"."external_call_id", "call_logs"."caller_first_name", "call_logs"."caller_last_name", "call_logs"."caller_phone_number", "call_logs"."call_started_at", "call_logs"."reason_for_call", "call_logs"."status", "call_logs"."is_existing_patient", "call_logs"."callback_preference" from "call_logs" inner join (select "call_logs"."id", "call_logs"."call_started_at" from "call_logs" where "call_logs"."clinic_id" = ? order by "call_logs"."call_started_at" desc, "call_logs"."id" desc limit ? offset ?) as "page" on "page"."id" = "call_logs"."id" order by "call_logs"."call_started_at" desc, "call_logs"."id" desc;

select "clinics"."id", "clinics"."name", "clinics"."created_at", "clinics"."updated_at", "call_log_versions"."version" from "clinics" left join "call_log_versions" on "call_log_versions"."clinic_id" = "clinics"."id" where "clinics"."id" = ?;

select "status", "total" from "call_log_counters" where "clinic_id" = ?;

select "suffix", count(*) as "total" from "call_log_phone_suffixes" where "clinic_id" = ? and "suffix" in (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) group by "suffix";
