// The one error type services throw. Codes are a closed set; plugins/error-handler.ts maps each
// to exactly one HTTP status.
export const ERROR_CODES = [
  'invalid_input',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'invalid_state',
  'payload_too_large',
  'rate_limited',
  'upstream_unavailable',
  'upstream_error',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type FieldError = { path: string; message: string };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { fieldErrors?: FieldError[]; retryAfterSeconds?: number } & Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
