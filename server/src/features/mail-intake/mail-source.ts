// What the poller needs from a report mailbox, whichever protocol it speaks: the waiting mails of
// the source folder, each mail's raw bytes, and moving mails to the processed or failed folder.
export type WaitingMail = { key: string; label: string; raw: () => Promise<Buffer> };

export type MailSource = {
  /** Up to `limit` mails waiting in the source folder, oldest first. */
  waiting(limit: number): Promise<WaitingMail[]>;
  moveTo(keys: readonly string[], folder: 'processed' | 'failed'): Promise<void>;
  close(): Promise<void>;
};

/** One step of Test connection, as the admin sees it. */
export type ConnectionStep = {
  step: 'connect' | 'sign_in' | 'token' | 'mailbox' | 'folder' | 'permission';
  ok: boolean;
  message: string;
};
