import { useCallback, useEffect, useState } from 'react';
import type { CallCountsQuery, CallListQuery } from './api/endpoints.js';
import { DEFAULT_STATUSES, REASON_LABELS, STATUS_LABELS } from './api/labels.js';
import type { ReasonLabel, StatusLabel } from './api/types.js';
import { addLocalDays, fromDateInputValue, startOfLocalDay } from './format/datetime.js';

/**
 * What the dashboard shows, kept in the address bar so that reload, back/forward and a shared link
 * all restore the same view:
 *
 *   /?clinic=2&view=mine&q=cote&status=New&status=Done&reason=Emergency&range=custom&from=2026-11-01&to=2026-11-07&page=2&call=41
 *
 * `view` is a work-queue view (`urgent`, `overdue`, `mine`, `unassigned`): the open calls it names,
 * in triage order; none means every call, newest first, filtered by the status chips.
 * No `status` means the default chips: New + In Progress, or every status while searching (a search
 * finds a call whatever its status); `status=all` means every status, and named statuses are exactly those.
 * `range` is `today`, `7d` or `custom` (with `from`/`to`, both days included); none means all dates.
 * `call` is the call open in the detail panel.
 */
export type DateRange = { kind: 'all' } | { kind: 'today' } | { kind: 'last7' } | { kind: 'custom'; from: string; to: string };

/** The work-queue views, in the order the front desk works them; `all` is the whole call log. */
export const QUEUE_VIEWS = ['urgent', 'overdue', 'mine', 'unassigned', 'all'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

/** What each work-queue view asks the list for (its calls are the open ones, in triage order). */
const QUEUE_FILTERS: Record<Exclude<QueueView, 'all'>, Pick<CallListQuery, 'priority[]' | 'due' | 'assignee'>> = {
  urgent: { 'priority[]': ['Urgent'] },
  overdue: { due: 'overdue' },
  mine: { assignee: 'me' },
  unassigned: { assignee: 'none' },
};
const OPEN_STATUSES: StatusLabel[] = ['New', 'In Progress'];

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** The status chips a view starts with: the calls still to work, or every status while searching. */
export const defaultStatuses = (search: string): StatusLabel[] => (search.trim() ? [] : DEFAULT_STATUSES);

/** The view with another search text; chips left at their default follow the search's default. */
export function withSearch(state: ViewState, search: string): ViewState {
  const statuses = sameSet(state.statuses, defaultStatuses(state.search)) ? defaultStatuses(search) : state.statuses;
  return { ...state, search, statuses, page: 1 };
}

export interface ViewState {
  clinicId: number | null;
  queue: QueueView;
  search: string;
  /** Empty: every status. */
  statuses: StatusLabel[];
  reasons: ReasonLabel[];
  range: DateRange;
  page: number;
  callId: number | null;
}

const positiveInt = (value: string | null): number | null => {
  if (!value || !/^\d{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 ? n : null;
};

export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const text = params.get('q') ?? '';
  const statusParams = params.getAll('status');
  const statuses =
    statusParams.length === 0
      ? defaultStatuses(text)
      : statusParams.includes('all')
        ? []
        : STATUS_LABELS.filter((label) => statusParams.includes(label));
  // One reason at a time in the page (the API accepts several; the menu offers one).
  const reasons = REASON_LABELS.filter((label) => params.getAll('reason').includes(label)).slice(0, 1);

  let range: DateRange = { kind: 'all' };
  const rangeParam = params.get('range');
  if (rangeParam === 'today') range = { kind: 'today' };
  else if (rangeParam === '7d') range = { kind: 'last7' };
  else if (rangeParam === 'custom') {
    const from = params.get('from') ?? '';
    const to = params.get('to') ?? '';
    if (fromDateInputValue(from) || fromDateInputValue(to)) range = { kind: 'custom', from, to };
  }

  const queueParam = params.get('view');
  return {
    clinicId: positiveInt(params.get('clinic')),
    queue: QUEUE_VIEWS.find((v) => v === queueParam) ?? 'all',
    search: text,
    statuses: statuses.length === 0 && statusParams.length > 0 && !statusParams.includes('all') ? defaultStatuses(text) : statuses,
    reasons,
    range,
    page: positiveInt(params.get('page')) ?? 1,
    callId: positiveInt(params.get('call')),
  };
}

export function serializeViewState(state: ViewState): string {
  const params = new URLSearchParams();
  if (state.clinicId) params.set('clinic', String(state.clinicId));
  if (state.queue !== 'all') params.set('view', state.queue);
  if (state.search) params.set('q', state.search);
  // The chips belong to the "all" view; a work-queue view lists open calls whatever they say.
  if (state.queue === 'all' && !sameSet(state.statuses, defaultStatuses(state.search))) {
    if (state.statuses.length === 0) params.set('status', 'all');
    else for (const s of state.statuses) params.append('status', s);
  }
  for (const r of state.reasons) params.append('reason', r);
  if (state.range.kind === 'today') params.set('range', 'today');
  if (state.range.kind === 'last7') params.set('range', '7d');
  if (state.range.kind === 'custom') {
    params.set('range', 'custom');
    if (state.range.from) params.set('from', state.range.from);
    if (state.range.to) params.set('to', state.range.to);
  }
  if (state.page > 1) params.set('page', String(state.page));
  if (state.callId) params.set('call', String(state.callId));
  const text = params.toString().replace(/\+/g, '%20');
  return text ? `?${text}` : '';
}

/** The instants the API filters on, for a range of local days (from inclusive, to exclusive). */
export function rangeToInstants(range: DateRange, now: Date = new Date()): Pick<CallListQuery, 'started_from' | 'started_to'> {
  const today = startOfLocalDay(now);
  switch (range.kind) {
    case 'all':
      return {};
    case 'today':
      return { started_from: today.toISOString(), started_to: addLocalDays(today, 1).toISOString() };
    case 'last7':
      return { started_from: addLocalDays(today, -6).toISOString(), started_to: addLocalDays(today, 1).toISOString() };
    case 'custom': {
      let from = fromDateInputValue(range.from);
      let to = fromDateInputValue(range.to);
      if (from && to && from > to) [from, to] = [to, from];
      return {
        started_from: from?.toISOString(),
        started_to: to ? addLocalDays(to, 1).toISOString() : undefined,
      };
    }
  }
}

/** The filters both the list and the counts use (everything but status and page). */
export function countsQueryOf(state: ViewState, now?: Date): CallCountsQuery {
  return {
    search: state.search.trim() || undefined,
    'reason_for_call[]': state.reasons.length ? state.reasons : undefined,
    ...rangeToInstants(state.range, now),
  };
}

export const PAGE_SIZE = 20;

export function listQueryOf(state: ViewState, now?: Date): CallListQuery {
  if (state.queue !== 'all') {
    return {
      ...countsQueryOf(state, now),
      ...QUEUE_FILTERS[state.queue],
      'status[]': OPEN_STATUSES,
      sort: 'priority',
      page: state.page,
      limit: PAGE_SIZE,
    };
  }
  return {
    ...countsQueryOf(state, now),
    'status[]': state.statuses.length ? state.statuses : undefined,
    page: state.page,
    limit: PAGE_SIZE,
  };
}

export type NavigationMode = 'push' | 'replace';

/** The view state and a way to change it; `push` adds a history entry, `replace` (typing) does not. */
export function useViewState(): [ViewState, (next: ViewState, mode?: NavigationMode) => void] {
  const [state, setState] = useState(() => parseViewState(window.location.search));

  useEffect(() => {
    const onPopState = () => setState(parseViewState(window.location.search));
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const navigate = useCallback((next: ViewState, mode: NavigationMode = 'push') => {
    const url = `${window.location.pathname}${serializeViewState(next)}`;
    if (url !== `${window.location.pathname}${window.location.search}`) {
      if (mode === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    }
    setState(next);
  }, []);

  return [state, navigate];
}
