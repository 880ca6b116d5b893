// The one HTTP client of the web app: JSON in and out, the CSRF token on writes, and
// problem+json errors turned into ApiError with field errors for forms.
export type FieldError = { path: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
  }
  /** The message for one body field, e.g. fieldMessage('email'). */
  fieldMessage(field: string) {
    // Schema errors carry a `body.` prefix; service rules name the field alone.
    return this.fieldErrors.find((f) => f.path === `body.${field}` || f.path === field)?.message;
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

/** The CSRF header for a write made outside `api` (e.g. a streamed request). */
export const csrfHeader = (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {});

/** A raw upload (e.g. a .eml file) instead of JSON. */
export type RawBody = { raw: Blob; contentType: string };
const isRaw = (body: unknown): body is RawBody => typeof body === 'object' && body !== null && 'raw' in body && body.raw instanceof Blob;

export const api = async <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> => {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) {
    headers['content-type'] = isRaw(body) ? body.contentType : 'application/json';
  }
  if (method !== 'GET' && csrfToken) {
    headers['x-csrf-token'] = csrfToken;
  }
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : isRaw(body) ? body.raw : JSON.stringify(body),
  });
  if (response.status === 204) {
    return undefined as T;
  }
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(
      response.status,
      payload?.code ?? 'internal',
      payload?.detail ?? `Request failed (${response.status})`,
      payload?.errors ?? [],
    );
  }
  return payload as T;
};
