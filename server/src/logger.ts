// pino with secrets redacted wherever they could appear in a structured log line.
import pino, { type DestinationStream, type Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.temporaryPassword',
  '*.token',
  '*.csrfToken',
  '*.secret',
  '*.key',
  '*.apiKey',
  '*.privateKey',
  '*.authorization',
];

export const createLogger = (options: { level: string; stream?: DestinationStream }): Logger =>
  pino(
    {
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    },
    options.stream,
  );
