// N4: applies lib/boundary-text's rule to every request's params, query and JSON body before the
// route's schema runs. A route that answers per item (ingestion) opts out for its body and
// checks each item itself, so one bad item never sinks its batch.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '#src/lib/app-error';
import { findUnsafeText } from '#src/lib/boundary-text';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route checks text item by item (and answers each); the body is not refused as a whole. */
    textCheckedPerItem?: boolean;
  }
}

export const boundaryTextPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request) => {
    const parts: [string, unknown][] = [
      ['params', request.params],
      ['querystring', request.query],
      ...(request.routeOptions.config?.textCheckedPerItem ? [] : ([['body', request.body]] as [string, unknown][])),
    ];
    for (const [where, value] of parts) {
      const found = findUnsafeText(value, where);
      if (found) {
        throw new AppError('invalid_input', `Invalid ${found.path}: it ${found.problem}`, {
          fieldErrors: [{ path: found.path, message: `It ${found.problem}` }],
        });
      }
    }
  });
});
