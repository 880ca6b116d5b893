// The one place errors become HTTP: every error leaves as application/problem+json (RFC 9457)
// with a stable `code` from the closed set in lib/app-error.ts.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, type FieldError } from '#src/lib/app-error';

export const HTTP_STATUS = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  invalid_state: 422,
  rate_limited: 429,
  internal: 500,
  upstream_error: 502,
  upstream_unavailable: 503,
} as const satisfies Record<ErrorCode, number>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What a client should do when its body is over the route's limit (the 413 says it). */
    bodyLimitHint?: string;
  }
}

const TITLES: Record<ErrorCode, string> = {
  invalid_input: 'Invalid input',
  unauthenticated: 'Sign-in required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict',
  payload_too_large: 'Request too large',
  invalid_state: 'Not possible in the current state',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  upstream_error: 'The external system returned an error',
  upstream_unavailable: 'The external system is unavailable',
};

export const sendProblem = (request: FastifyRequest, reply: FastifyReply, error: AppError) => {
  const status = HTTP_STATUS[error.code];
  const { fieldErrors, retryAfterSeconds, ...rest } = error.details;
  if (retryAfterSeconds) {
    reply.header('retry-after', String(retryAfterSeconds));
  }
  return reply
    .status(status)
    .type('application/problem+json')
    .send({
      type: `urn:flightdeck:problem:${error.code}`,
      title: TITLES[error.code],
      status,
      code: error.code,
      detail: error.message,
      instance: request.url.split('?')[0],
      requestId: request.id,
      ...(fieldErrors && { errors: fieldErrors }),
      ...(error.code !== 'internal' && Object.keys(rest).length > 0 && { details: rest }),
    });
};

const fromValidation = (error: FastifyError): AppError => {
  if (!hasZodFastifySchemaValidationErrors(error)) {
    return new AppError('invalid_input', error.message);
  }
  const where = error.validationContext ?? 'body';
  const fieldErrors: FieldError[] = error.validation.flatMap((v) => {
    const base = [where, ...v.instancePath.split('/').filter(Boolean)].join('.');
    const unknownKeys = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
    if (unknownKeys) {
      return unknownKeys.map((key) => ({ path: `${base}.${key}`, message: 'Unknown field' }));
    }
    return [{ path: base, message: v.message ?? 'Invalid value' }];
  });
  const names = fieldErrors.map((f) => f.path).join(', ');
  return new AppError('invalid_input', `Invalid ${names}`, { fieldErrors });
};

const FASTIFY_CODES: Record<string, () => AppError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => new AppError('invalid_input', 'The request body is not valid JSON'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new AppError('invalid_input', 'The request body is empty'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new AppError('invalid_input', 'Send the body as application/json'),
};

export const errorHandlerPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.code === 'internal') {
        request.log.error({ err: error }, 'internal error');
      } else {
        request.log.info({ code: error.code, msg: error.message }, 'request failed');
      }
      return sendProblem(request, reply, error);
    }
    if (error.validation) {
      return sendProblem(request, reply, fromValidation(error));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // Names the route's limit, and what to do, in the answer (issue 14).
      const limit = request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 0;
      const hint = request.routeOptions.config?.bodyLimitHint;
      return sendProblem(
        request,
        reply,
        new AppError(
          'payload_too_large',
          `The request body is larger than ${Math.round(limit / 1048576)} MiB, the limit here.${hint ? ` ${hint}` : ''}`,
          {
            limitBytes: limit,
          },
        ),
      );
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) {
      return sendProblem(request, reply, known());
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
    } else {
      request.log.error({ err: error }, 'unhandled error');
    }
    // Unknown errors never leak their message.
    return sendProblem(request, reply, new AppError('internal', 'Something went wrong on our side'));
  });
});
