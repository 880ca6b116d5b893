// ConnectWise Manage error bodies ({code, message, errors:[{code,message,resource,field}]}) into
// Flightdeck's error codes.
import { AppError } from '#src/lib/app-error';
import { retryAfterSeconds } from '../retry-policy';

/**
 * An HTML page instead of JSON (Cloudflare's rate-limit page in front of the cloud, a UI host's
 * 404): its title and headings, never the markup.
 */
const textOfPage = (body: string) => {
  if (!/^\s*</.test(body)) {
    return body.slice(0, 500);
  }
  const parts = [...body.matchAll(/<(title|h1|h2)[^>]*>([^<]*)</gi)].map((m) => (m[2] ?? '').trim()).filter(Boolean);
  return (parts.join(' — ') || 'an HTML page instead of the API').slice(0, 300);
};

export const parseConnectWiseError = (status: number, body: unknown, headers: Headers): AppError => {
  const parsed = (body && typeof body === 'object' ? body : {}) as { code?: unknown; message?: unknown; errors?: unknown };
  const fieldMessages = Array.isArray(parsed.errors)
    ? parsed.errors.map((e) =>
        `${(e as { field?: string })?.field ?? ''}: ${(e as { message?: string })?.message ?? ''}`.replace(/^: /, ''),
      )
    : [];
  const message = [typeof parsed.message === 'string' ? parsed.message : typeof body === 'string' ? textOfPage(body) : '', ...fieldMessages]
    .filter(Boolean)
    .join(' · ');
  const details = {
    provider: 'connectwise',
    status,
    providerCode: typeof parsed.code === 'string' ? parsed.code : null,
    providerMessages: fieldMessages,
  };
  const detail = message || `HTTP ${status}`;
  // Issue 15: a member without a right gets {"code":"Security",…} (docs.xyte.io kb-5017): a
  // permission to grant, not wrong keys.
  if (parsed.code === 'Security') {
    return new AppError('upstream_error', `The ConnectWise API member lacks a security permission for this: ${detail}`, {
      ...details,
      reason: 'permission',
    });
  }
  if (status === 401 || status === 403) {
    return new AppError('upstream_error', `ConnectWise refused the credentials or permissions (HTTP ${status}): ${detail}`, {
      ...details,
      reason: 'auth',
    });
  }
  if (status === 429) {
    return new AppError('rate_limited', `ConnectWise is throttling requests: ${detail}`, {
      ...details,
      retryAfterSeconds: retryAfterSeconds(headers) ?? 60,
    });
  }
  if (status === 404) {
    return new AppError('not_found', `ConnectWise: ${detail}`, details);
  }
  if (status >= 400 && status < 500) {
    return new AppError('upstream_error', `ConnectWise rejected the request: ${detail}`, details);
  }
  return new AppError('upstream_unavailable', `ConnectWise is unavailable (HTTP ${status}): ${detail}`, details);
};
