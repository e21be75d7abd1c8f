select "clinics"."id", "clinics"."name", "clinics"."created_at", "clinics"."updated_at", "call_log_versions"."version", "clinic_work_settings"."time_zone" from "clinics" left join "call_log_versions" on "call_log_versions"."clinic_id" = "clinics"."id" left join "clinic_work_settings" on "clinic_work_settings"."clinic_id" = "clinics"."id" where "clinics"."id" = ?;

select "status", "total" from "call_log_counters" where "clinic_id" = ?;

select (select count(*) as "n" from "call_log_work" as "w" where "w"."clinic_id" = ? and "w"."status" in (?, ?) and "w"."assignee_user_id" = ?) as "mine", (select count(*) as "n" from "call_log_work" as "w" where "w"."clinic_id" = ? and "w"."status" in (?, ?) and "w"."assignee_user_id" is null) as "unassigned", (select count(*) as "n" from "call_log_work" as "w" where "w"."clinic_id" = ? and "w"."status" in (?, ?) and "w"."priority" in (?)) as "urgent", (select count(*) as "n" from "call_log_work" as "w" where "w"."clinic_id" = ? and "w"."status" in (?, ?) and "w"."callback_due_at" < ?) as "overdue", (select count(*) as "n" from "call_log_work" as "w" where "w"."clinic_id" = ? and "w"."status" in (?, ?) and "w"."callback_due_at" < ?) as "due_today";

select min("callback_due_at") as "next" from "call_log_work" where "clinic_id" = ? and "status" in (?, ?) and "callback_due_at" >= ?;
