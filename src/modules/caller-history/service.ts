import type { Db } from '../../db/database.js';
import type { Principal } from '../auth/principal.js';
import { toClinic } from '../clinics/mapper.js';
import { toCallLogListItem } from '../call-logs/mapper.js';
import type { CallLogPage } from '../call-logs/schemas.js';
import { findVisibleCallLog } from '../call-logs/service.js';
import { listCallsFromNumber } from './repository.js';
import type { CallerHistoryQuery } from './schemas.js';

/**
 * The caller's other calls at this clinic (same phone digits, any status), newest first. Every one of
 * them shares the number, so their `caller_call_count` is the same: these plus the call asked about.
 */
export async function listCallerHistory(db: Db, principal: Principal, callLogId: number, query: CallerHistoryQuery): Promise<CallLogPage> {
  // The caller's count comes with the call (its row of call_log_caller_counts): the others are that less one.
  const { row, clinic, callerCalls } = await findVisibleCallLog(db, principal, callLogId);
  const { page, limit } = query;
  const total = callerCalls - 1;
  const rows = total === 0 ? [] : await listCallsFromNumber(db, row, { limit, offset: (page - 1) * limit });
  const wire = toClinic(clinic);
  return {
    items: rows.map((other) => toCallLogListItem(other, wire, callerCalls)),
    total,
    page,
    limit,
    pages: Math.ceil(total / limit),
  };
}
