select `clinics`.`id`, `clinics`.`name`, `clinics`.`created_at`, `clinics`.`updated_at`, `call_log_versions`.`version` from `clinics` left join `call_log_versions` on `call_log_versions`.`clinic_id` = `clinics`.`id` where `clinics`.`id` = ?;

select `status`, `total` from `call_log_counters` where `clinic_id` = ?;
