/**
 * The error catalogue: every `{detail, error_key}` Zenicall can answer is one entry here, with its
 * status, its stable `error_key` (what the dashboard and integrators switch on) and a sentence for
 * people. Services throw `Errors.<name>()`; routes list the entries they can return (`errorResponses`
 * in shared/schemas.ts), which is what their OpenAPI responses say; the one error handler
 * (plugins/errors.ts) turns them into bodies.
 */
export interface ErrorEntry {
  readonly status: number;
  readonly key: string;
  readonly detail: string;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Raised by the HTTP layer itself (body parsing, routing, a crash), so any route can answer it;
   * routes do not list these unless they want them in their OpenAPI responses (the webhooks' 413).
   */
  readonly anyRoute?: true;
}

const BEARER_CHALLENGE = { 'www-authenticate': 'Bearer' };

export const ErrorCatalogue = {
  validation: { status: 422, key: 'VALIDATION_ERROR', detail: 'The request is not valid.' },
  notAuthenticated: {
    status: 401,
    key: 'NOT_AUTHENTICATED',
    detail: 'Sign in first: a valid bearer token is required.',
    headers: BEARER_CHALLENGE,
  },
  invalidCredentials: { status: 401, key: 'INVALID_CREDENTIALS', detail: 'The e-mail or password is wrong.', headers: BEARER_CHALLENGE },
  sessionRevoked: {
    status: 401,
    key: 'SESSION_REVOKED',
    detail: 'This session has ended (signed out, or the password changed): sign in again.',
    headers: BEARER_CHALLENGE,
  },
  accountDisabled: {
    status: 401,
    key: 'ACCOUNT_DISABLED',
    detail: 'This account has been disabled by an administrator.',
    headers: BEARER_CHALLENGE,
  },
  currentPasswordWrong: { status: 403, key: 'CURRENT_PASSWORD_WRONG', detail: 'The current password is wrong.' },
  userNotFound: { status: 404, key: 'USER_NOT_FOUND', detail: 'No such user.' },
  membershipNotFound: { status: 404, key: 'MEMBERSHIP_NOT_FOUND', detail: 'The user is not a member of this clinic.' },
  cannotDisableSelf: { status: 409, key: 'CANNOT_DISABLE_SELF', detail: 'Administrators cannot disable their own account.' },
  tooManySignInAttempts: {
    status: 429,
    key: 'TOO_MANY_SIGN_IN_ATTEMPTS',
    detail: 'Too many failed sign-ins for this account or from this address; try again later (see Retry-After).',
  },
  forbidden: { status: 403, key: 'FORBIDDEN', detail: 'Only an administrator may do this.' },
  clinicNotFound: { status: 404, key: 'CLINIC_NOT_FOUND', detail: 'No such clinic.' },
  callLogNotFound: { status: 404, key: 'CALL_LOG_NOT_FOUND', detail: 'No such call log.' },
  emailTaken: { status: 409, key: 'EMAIL_TAKEN', detail: 'A user with this e-mail already exists.' },
  routeNotFound: { status: 404, key: 'ROUTE_NOT_FOUND', detail: 'No such route for this clinic.' },
  routeTaken: { status: 409, key: 'ROUTE_TAKEN', detail: 'This identifier already routes calls to a clinic.' },
  webhookEventNotFound: { status: 404, key: 'WEBHOOK_EVENT_NOT_FOUND', detail: 'No such webhook event.' },
  webhookNotConfigured: {
    status: 503,
    key: 'WEBHOOK_NOT_CONFIGURED',
    detail: 'The webhook has no credential configured on this server.',
  },
  webhookUnauthorized: {
    status: 401,
    key: 'WEBHOOK_UNAUTHORIZED',
    detail: 'The delivery did not present a valid webhook credential.',
  },
  webhookPayloadInvalid: { status: 400, key: 'WEBHOOK_PAYLOAD_INVALID', detail: 'The delivery is not a valid webhook body.' },
  webhookCallIdMissing: { status: 400, key: 'WEBHOOK_CALL_ID_MISSING', detail: 'The delivery does not say which call it is about.' },
  webhookStartTimeMissing: { status: 422, key: 'WEBHOOK_START_TIME_MISSING', detail: 'The report does not say when the call started.' },
  tooManyStreams: {
    status: 429,
    key: 'TOO_MANY_STREAMS',
    detail: 'Too many live-update streams are open for this account; close another tab or try again later.',
    // A stream is freed the moment its tab closes; half a minute lets a closed tab's connection go.
    headers: { 'retry-after': '30' },
  },
  recordingLinkInvalid: {
    status: 403,
    key: 'RECORDING_LINK_INVALID',
    detail: 'This recording link is not valid: open the call again for a new one.',
  },
  recordingLinkExpired: {
    status: 403,
    key: 'RECORDING_LINK_EXPIRED',
    detail: 'This recording link has expired: open the call again for a new one.',
  },
  recordingNotFound: { status: 404, key: 'RECORDING_NOT_FOUND', detail: 'This call has no recording.' },
  recordingRangeNotSatisfiable: {
    status: 416,
    key: 'RECORDING_RANGE_NOT_SATISFIABLE',
    detail: 'The requested bytes are outside the recording.',
  },
  /** The voice provider's storage failed us (down, slow, refusing): not the client's fault, so a 5xx, with a key. */
  recordingUnavailable: {
    status: 502,
    key: 'RECORDING_UNAVAILABLE',
    detail: 'The voice provider did not deliver the recording; try again in a moment.',
  },
  webhookReportUnstorable: {
    status: 422,
    key: 'WEBHOOK_REPORT_UNSTORABLE',
    detail: 'The database refuses this report whatever we retry; it is kept in the webhook inbox as rejected.',
  },
  metricsNotConfigured: {
    status: 503,
    key: 'METRICS_NOT_CONFIGURED',
    detail: 'Metrics are off: set ZENICALL_METRICS_TOKEN to serve them.',
  },
  metricsUnauthorized: {
    status: 401,
    key: 'METRICS_UNAUTHORIZED',
    detail: 'The metrics need `Authorization: Bearer` with ZENICALL_METRICS_TOKEN.',
    headers: BEARER_CHALLENGE,
  },

  // Raised by the HTTP layer, on any route (or on none).
  invalidJson: { status: 400, key: 'INVALID_JSON', detail: 'The body is not valid JSON.', anyRoute: true },
  bodyTooLarge: { status: 413, key: 'BODY_TOO_LARGE', detail: 'The body is too large.', anyRoute: true },
  unsupportedMediaType: { status: 415, key: 'UNSUPPORTED_MEDIA_TYPE', detail: 'This content type is not accepted.', anyRoute: true },
  invalidContentLength: { status: 400, key: 'INVALID_CONTENT_LENGTH', detail: 'Content-Length does not match the body.', anyRoute: true },
  /** Any other client error Fastify raises; its status is Fastify's (4xx). */
  badRequest: { status: 400, key: 'BAD_REQUEST', detail: 'The request is not valid.', anyRoute: true },
  uriTooLong: { status: 414, key: 'URI_TOO_LONG', detail: 'A part of the URL is too long.', anyRoute: true },
  invalidUrl: { status: 400, key: 'INVALID_URL', detail: 'The URL is not valid.', anyRoute: true },
  notFound: { status: 404, key: 'NOT_FOUND', detail: 'Nothing at this address.', anyRoute: true },
  internal: { status: 500, key: 'INTERNAL_ERROR', detail: 'Something went wrong on our side; it has been logged.', anyRoute: true },
  /** The database is down or not answering (see db/errors.ts `isDatabaseUnavailable`): try again, nothing was done. */
  databaseUnavailable: {
    status: 503,
    key: 'DATABASE_UNAVAILABLE',
    detail: 'The database is not answering; try again shortly.',
    headers: { 'retry-after': '10' },
    anyRoute: true,
  },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorName = keyof typeof ErrorCatalogue;

const byKey = new Map<string, ErrorEntry>(Object.values(ErrorCatalogue).map((entry: ErrorEntry) => [entry.key, entry]));

/** The catalogue entry of an `error_key`, if there is one. */
export const catalogueEntry = (key: string): ErrorEntry | undefined => byKey.get(key);

/** A catalogue entry, thrown: the handler answers `entry.status` with `{detail, error_key}`. */
export class AppError extends Error {
  readonly statusCode: number;
  readonly errorKey: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(entry: ErrorEntry, message: string = entry.detail) {
    super(message);
    this.name = 'AppError';
    this.statusCode = entry.status;
    this.errorKey = entry.key;
    this.headers = entry.headers ?? {};
  }
}

/** `Errors.clinicNotFound()` throws the catalogue's sentence; `Errors.clinicNotFound('…')` a more precise one. */
export const Errors = Object.fromEntries(
  Object.entries(ErrorCatalogue).map(([name, entry]) => [name, (message?: string) => new AppError(entry, message)]),
) as { [Name in ErrorName]: (message?: string) => AppError };

export interface FieldError {
  loc: (string | number)[];
  msg: string;
}

/** A 422 raised by code rather than by schema validation, in the same shape. */
export class ValidationError extends AppError {
  constructor(readonly errors: FieldError[]) {
    super(ErrorCatalogue.validation, errors.map((e) => `${e.loc.join('.')}: ${e.msg}`).join('; '));
    this.name = 'ValidationError';
  }
}
