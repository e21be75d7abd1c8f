import { apiRequest, API_BASE, session } from './client.js';
import type {
  AccessToken,
  ActivityPage,
  AttemptResult,
  CallLogDetailView,
  ClinicUsers,
  CallLogCounts,
  CallLogCountsQuery,
  CallLogListQuery,
  CallLogPage,
  CallLogUpdate,
  Clinic,
  LoginRequest,
  Me,
  Note,
  NotePage,
} from './types.js';

/** The list query the page sends: the API's own query type, using the repeated `name[]` spelling. */
export type CallListQuery = Pick<
  CallLogListQuery,
  'search' | 'status[]' | 'reason_for_call[]' | 'started_from' | 'started_to' | 'assignee' | 'priority[]' | 'due' | 'page' | 'limit'
> &
  Partial<Pick<CallLogListQuery, 'sort'>>;
export type CallCountsQuery = Pick<CallLogCountsQuery, 'search' | 'reason_for_call[]' | 'started_from' | 'started_to'>;

export const signIn = (credentials: LoginRequest) =>
  apiRequest<AccessToken>('/auth/login', { method: 'POST', body: credentials, anonymous: true });

/** Ends every session of the user on the server, so the token is worthless even if it was copied. */
export const signOut = () => apiRequest<undefined>('/auth/logout', { method: 'POST' });

export const fetchMe = (signal?: AbortSignal) => apiRequest<Me>('/auth/me', { signal });

export const fetchClinics = (signal?: AbortSignal) => apiRequest<Clinic[]>('/clinics', { signal });

export const fetchCallLogs = (clinicId: number, query: CallListQuery, signal?: AbortSignal) =>
  apiRequest<CallLogPage>(`/call-logs/by-clinic/${clinicId}`, { query, signal });

export const fetchCallLogCounts = (clinicId: number, query: CallCountsQuery, signal?: AbortSignal) =>
  apiRequest<CallLogCounts>(`/call-logs/by-clinic/${clinicId}/counts`, { query, signal });

export const fetchCallLog = (id: number, signal?: AbortSignal) => apiRequest<CallLogDetailView>(`/call-logs/${id}`, { signal });

export const updateCallLog = (id: number, update: CallLogUpdate) =>
  apiRequest<CallLogDetailView>(`/call-logs/${id}`, { method: 'PATCH', body: update });

/**
 * The clinic's live-update stream, read with fetch so the token travels in the Authorization header
 * and never in a URL (which proxies and browser history keep). `lastEventId` asks the server to
 * replay what this tab missed.
 */
export const openCallStream = (clinicId: number, lastEventId: string | undefined, signal: AbortSignal) =>
  fetch(`${API_BASE}/call-logs/by-clinic/${clinicId}/stream`, {
    headers: {
      Accept: 'text/event-stream',
      Authorization: `Bearer ${session.token ?? ''}`,
      ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
    },
    cache: 'no-store',
    signal,
  });

// ---- Working a call ---------------------------------------------------------------------------

export const updateCallWork = (id: number, update: CallLogUpdate) =>
  apiRequest<CallLogDetailView>(`/call-logs/${id}`, { method: 'PATCH', body: update });

export const logCallbackAttempt = (id: number, attempt: { result: AttemptResult; note?: string }) =>
  apiRequest<CallLogDetailView>(`/call-logs/${id}/callback-attempts`, { method: 'POST', body: attempt });

export const fetchNotes = (id: number, signal?: AbortSignal) =>
  apiRequest<NotePage>(`/call-logs/${id}/notes`, { query: { limit: 100 }, signal });

export const addNote = (id: number, body: string) => apiRequest<Note>(`/call-logs/${id}/notes`, { method: 'POST', body: { body } });

export const fetchActivity = (id: number, signal?: AbortSignal) =>
  apiRequest<ActivityPage>(`/call-logs/${id}/activity`, { query: { limit: 100 }, signal });

export const fetchCallerHistory = (id: number, signal?: AbortSignal) =>
  apiRequest<CallLogPage>(`/call-logs/${id}/caller-history`, { query: { limit: 20 }, signal });

export const fetchClinicUsers = (clinicId: number, signal?: AbortSignal) =>
  apiRequest<ClinicUsers>(`/clinics/${clinicId}/users`, { signal });

/** "I have this call open": repeated while the panel stays open, so a closed laptop lets it lapse. */
export const announcePresence = (id: number) => apiRequest<undefined>(`/call-logs/${id}/presence`, { method: 'PUT' });
export const withdrawPresence = (id: number) => apiRequest<undefined>(`/call-logs/${id}/presence`, { method: 'DELETE', keepalive: true });
