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

// psa-field-notes.md: "Thread Threshold Exceeded — The Autotask API thread threshold of 3 threads
// has been exceeded." (code Itgenatr005), and it may arrive with a status other than 429; the
// hourly request threshold is refused the same way.
const THROTTLED = /thread threshold|itgenatr005|request threshold|requests? (?:limit|threshold) (?:has been )?exceeded/i;

/** Autotask refused the call for load, whatever the status: nothing was done, it may be sent again. */
export const isAutotaskThrottled = (status: number, body: unknown) => status === 429 || messagesOf(body).some((m) => THROTTLED.test(m));

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
  if (isAutotaskThrottled(status, body)) {
    const threads = messages.some((m) => /thread threshold|itgenatr005/i.test(m));
    return new AppError('rate_limited', `Autotask is throttling requests: ${detail}`, {
      ...details,
      reason: threads ? 'thread_threshold' : 'request_threshold',
      // A thread frees up when one of our calls ends; the hourly budget takes longer.
      retryAfterSeconds: retryAfterSeconds(headers) ?? (threads ? 2 : 60),
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
