// The opaque cursor of every keyset-paged list: a time and a uuid (the sort key and its tie
// breaker), base64url-encoded. A cursor that is not one Flightdeck handed out is bad input.
import { AppError } from './app-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const encodeKeyset = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

export const decodeKeyset = (cursor: string): { at: Date; id: string } => {
  const [text, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(text ?? '');
  const year = at.getUTCFullYear();
  if (!id || !UUID.test(id) || Number.isNaN(at.getTime()) || year < 1970 || year > 9999) {
    throw new AppError('invalid_input', 'The cursor is not one this list handed out', {
      fieldErrors: [{ path: 'querystring.cursor', message: 'Invalid cursor' }],
    });
  }
  return { at, id };
};
