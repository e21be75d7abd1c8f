select `call_logs`.`id`, `call_logs`.`clinic_id`, `call_logs`.`external_call_id`, `call_logs`.`caller_first_name`, `call_logs`.`caller_last_name`, `call_logs`.`caller_phone_number`, `call_logs`.`call_started_at`, `call_logs`.`reason_for_call`, `call_logs`.`status`, `call_logs`.`is_existing_patient`, `call_logs`.`callback_preference` from `call_logs` where `call_logs`.`clinic_id` = ? and MATCH (call_logs.caller_first_name, call_logs.caller_last_name, call_logs.summary) AGAINST (? IN BOOLEAN MODE) order by `call_logs`.`call_started_at` desc, `call_logs`.`id` desc limit ? offset ?;

select `clinics`.`id`, `clinics`.`name`, `clinics`.`created_at`, `clinics`.`updated_at`, `call_log_versions`.`version` from `clinics` left join `call_log_versions` on `call_log_versions`.`clinic_id` = `clinics`.`id` where `clinics`.`id` = ?;

select `same`.`suffix`, count(*) as `total` from `call_log_phone_suffixes` as `same` where `same`.`clinic_id` = ? and `same`.`suffix` in (?) and not exists (select 1 as `one` from `call_log_phone_suffixes` as `longer` where `longer`.`call_log_id` = `same`.`call_log_id` and length(longer.suffix) > length(same.suffix)) group by `same`.`suffix`;

select count(*) as `total` from `call_logs` where `call_logs`.`clinic_id` = ? and MATCH (call_logs.caller_first_name, call_logs.caller_last_name, call_logs.summary) AGAINST (? IN BOOLEAN MODE);
