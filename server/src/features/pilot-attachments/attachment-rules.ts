// What may be attached to a session (issue 18, P8.1): screenshots (PNG, JPEG, GIF, WebP — what
// the model providers take as image blocks) up to 5 MB, recognised by their bytes, not their name;
// and text logs up to 1 MB that are really text (UTF-8, no NUL bytes). Anything else is refused
// with the reason.
import { AppError } from '#src/lib/app-error';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_TEXT_BYTES = 1024 * 1024;

const SIGNATURES: [mediaType: string, test: (b: Buffer) => boolean][] = [
  ['image/png', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/gif', (b) => b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a'],
  ['image/webp', (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'],
];

export type CheckedAttachment = { kind: 'image' | 'text'; contentType: string; fileName: string };

/** The attachment's kind and real media type, or an invalid_input error saying why not. */
export const checkAttachment = (bytes: Buffer, fileName: string): CheckedAttachment => {
  const name =
    fileName
      .replace(/[\\/\r\n\0]/g, '_')
      .trim()
      .slice(0, 200) || 'attachment';
  if (bytes.length === 0) {
    throw new AppError('invalid_input', 'The file is empty.');
  }
  const image = SIGNATURES.find(([, test]) => test(bytes));
  if (image) {
    if (bytes.length > MAX_IMAGE_BYTES) {
      throw new AppError('invalid_input', `Images may be up to 5 MB; this one is ${(bytes.length / 1024 / 1024).toFixed(1)} MB.`);
    }
    return { kind: 'image', contentType: image[0], fileName: name };
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (bytes.includes(0) || text.includes('\uFFFD')) {
    throw new AppError('invalid_input', 'Attach a screenshot (PNG, JPEG, GIF, WebP) or a text log; this file is neither.');
  }
  if (bytes.length > MAX_TEXT_BYTES) {
    throw new AppError(
      'invalid_input',
      `Logs may be up to 1 MB; this one is ${(bytes.length / 1024 / 1024).toFixed(1)} MB. Attach the part around the error.`,
    );
  }
  return { kind: 'text', contentType: 'text/plain; charset=utf-8', fileName: name };
};
