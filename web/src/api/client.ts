import type { ErrorBodyJson, ValidationErrorJson } from './types.js';

/** The API prefix; the page is served by the same server (or Vite's dev proxy), so it is same-origin. */
export const API_BASE = '/api/v1';

export type FieldError = ValidationErrorJson['errors'][number];

/**
 * Everything that can go wrong talking to the API, as one type the screens can show:
 * `errorKey` is the server's `error_key`, or NETWORK_ERROR / UNEXPECTED_RESPONSE from here.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly errorKey: string,
    readonly detail: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(detail);
  }
}

// ---- The session token ------------------------------------------------------------------------

/** Kept for the browser tab's session only: the front desk often shares one computer. */
const TOKEN_KEY = 'zenicall.token';
/** The server's `error_key`: SESSION_REVOKED and ACCOUNT_DISABLED get their own message. */
type ExpiryListener = (errorKey: string) => void;
const expiryListeners = new Set<ExpiryListener>();

export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  start(token: string) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  end() {
    sessionStorage.removeItem(TOKEN_KEY);
  },
  /** Called when the server refuses the token (expired, revoked, account disabled): the app shows the sign-in form. */
  onExpired(listener: ExpiryListener): () => void {
    expiryListeners.add(listener);
    return () => expiryListeners.delete(listener);
  },
};

export function expireSession(errorKey: string) {
  session.end();
  for (const listener of expiryListeners) listener(errorKey);
}

// ---- Requests ---------------------------------------------------------------------------------

export type QueryValue = string | number | boolean | readonly string[] | undefined | null;

/** `{ 'status[]': ['New', 'Done'], page: 2 }` → `?status[]=New&status[]=Done&page=2`; empty values are left out. */
export function toQueryString(query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    // Not Array.isArray, which types a readonly list's items as `any`; null was skipped above.
    if (typeof value === 'object') for (const item of value) params.append(key, item);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** Login itself must not turn a 401 into "your session expired". */
  anonymous?: boolean;
  /** Still sent when the page is being closed (saying "I left this call"). */
  keepalive?: boolean;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = session.token;
  if (!options.anonymous && token) headers.Authorization = `Bearer ${token}`;

  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}${toQueryString(options.query ?? {})}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      keepalive: options.keepalive,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK_ERROR', 'The server could not be reached.');
  }

  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    if (payload === undefined) throw new ApiError(response.status, 'UNEXPECTED_RESPONSE', 'The server sent an unreadable answer.');
    return payload as T;
  }

  const body = isErrorBody(payload) ? payload : undefined;
  const error = new ApiError(
    response.status,
    body?.error_key ?? (response.status >= 500 ? 'SERVER_ERROR' : 'UNEXPECTED_RESPONSE'),
    body?.detail ?? `The server answered ${response.status}.`,
    body && 'errors' in body && Array.isArray(body.errors) ? body.errors : [],
  );
  if (response.status === 401 && !options.anonymous) expireSession(error.errorKey);
  throw error;
}

function isErrorBody(value: unknown): value is ErrorBodyJson & Partial<Pick<ValidationErrorJson, 'errors'>> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorBodyJson).detail === 'string' &&
    typeof (value as ErrorBodyJson).error_key === 'string'
  );
}

export const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';
