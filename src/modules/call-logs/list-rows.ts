import type { Db } from '../../db/database.js';
import { userDisplayName, WORK_SELECTION } from '../work-queue/repository.js';
import { LIST_COLUMNS } from './mapper.js';

/**
 * The list's rows (what a CallLogListItem is built from): the call's list columns, its work state and
 * the assignee's name. Every list (the clinic's calls, a search, a caller's history) joins it to its
 * page of ids, so these are read for the page only.
 */
export function callLogListRows(db: Db) {
  return db
    .selectFrom('call_logs')
    .leftJoin('call_log_work as w', 'w.call_log_id', 'call_logs.id')
    .leftJoin('users', 'users.id', 'w.assignee_user_id')
    .select(LIST_COLUMNS.map((column) => `call_logs.${column}` as const))
    .select([...WORK_SELECTION, userDisplayName.as('assignee_name')]);
}
