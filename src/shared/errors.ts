/**
 * Every failure a client can cause is one of these constants: a status, a stable `error_key` the
 * dashboard and integrators switch on, and a sentence for people. Services throw them; the one
 * error handler (plugins/errors.ts) turns them into `{detail, error_key}`.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorKey: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

const define = (statusCode: number, errorKey: string, detail: string, headers?: Record<string, string>) =>
  (message: string = detail) => new AppError(statusCode, errorKey, message, headers);

export const Errors = {
  notAuthenticated: define(401, 'NOT_AUTHENTICATED', 'Sign in first: a valid bearer token is required.', {
    'www-authenticate': 'Bearer',
  }),
  invalidCredentials: define(401, 'INVALID_CREDENTIALS', 'The e-mail or password is wrong.', {
    'www-authenticate': 'Bearer',
  }),
  forbidden: define(403, 'FORBIDDEN', 'Only an administrator may do this.'),
  clinicNotFound: define(404, 'CLINIC_NOT_FOUND', 'No such clinic.'),
  callLogNotFound: define(404, 'CALL_LOG_NOT_FOUND', 'No such call log.'),
  emailTaken: define(409, 'EMAIL_TAKEN', 'A user with this e-mail already exists.'),
} as const;

export interface FieldError {
  loc: (string | number)[];
  msg: string;
}

/** A 422 raised by code rather than by schema validation, in the same shape. */
export class ValidationError extends AppError {
  constructor(readonly errors: FieldError[]) {
    super(422, 'VALIDATION_ERROR', errors.map((e) => `${e.loc.join('.')}: ${e.msg}`).join('; '));
    this.name = 'ValidationError';
  }
}
