// Autotask error bodies into Flightdeck's error codes. Autotask reports validation failures as
// HTTP 500 with {"errors":["…"]}, bad credentials as an empty 401, and framework errors as
// {"Message":"…"}; all of them are the PSA refusing, not the PSA being down.
import { AppError } from '#src/lib/app-error';
import { retryAfterSeconds } from '../retry-policy';

const messagesOf = (body: unknown): string[] => {
  if (body && typeof body === 'object') {
    const errors = (body as { errors?: unknown }).errors;
    if (Array.isArray(errors)) {
      return errors.map((e) => (typeof e === 'string' ? e : String((e as { message?: unknown })?.message ?? JSON.stringify(e))));
    }
    const message = (body as { Message?: unknown; message?: unknown }).Message ?? (body as { message?: unknown }).message;
    if (typeof message === 'string') {
      return [message];
    }
  }
  return typeof body === 'string' && body ? [body.slice(0, 500)] : [];
};

export const parseAutotaskError = (status: number, body: unknown, headers: Headers): AppError => {
  const messages = messagesOf(body);
  const detail = messages.join(' ') || `HTTP ${status}`;
  const details = { provider: 'autotask', status, providerMessages: messages };
  if (status === 401 || status === 403) {
    return new AppError(
      'upstream_error',
      `Autotask refused the credentials or permissions (HTTP ${status}). Check the API user, secret and integration code.`,
      {
        ...details,
        reason: 'auth',
      },
    );
  }
  if (status === 429) {
    return new AppError('rate_limited', `Autotask is throttling requests: ${detail}`, {
      ...details,
      retryAfterSeconds: retryAfterSeconds(headers) ?? 60,
    });
  }
  if (status === 404) {
    return new AppError('not_found', `Autotask: ${detail}`, details);
  }
  if (status === 500 && messages.some((m) => /IntegrationCode is invalid|Zone information could not be determined/i.test(m))) {
    return new AppError('upstream_error', `Autotask refused the credentials: ${detail}`, { ...details, reason: 'auth' });
  }
  if (status === 500 && messages.length > 0) {
    return new AppError('upstream_error', `Autotask rejected the request: ${detail}`, details);
  }
  return new AppError('upstream_unavailable', `Autotask is unavailable (HTTP ${status}): ${detail}`, details);
};
