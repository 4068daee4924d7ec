import { inject } from 'vitest';
import { readMails, type StoredMail } from '../../local/ses-local';

/** Waits for the newest mail to `to` in the SES stand-in (after `since` mails to that address). */
export const waitForMail = async (to: string, since = 0, timeoutMs = 5000): Promise<StoredMail> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = (await readMails(inject('sesEndpoint'))).filter((m) => m.destination.to.includes(to));
    if (mails.length > since) return mails[mails.length - 1]!;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

export const mailsTo = async (to: string): Promise<StoredMail[]> =>
  (await readMails(inject('sesEndpoint'))).filter((m) => m.destination.to.includes(to));

export const verificationLink = (mail: StoredMail): string => {
  const link = (mail.body.text ?? '').match(/https?:\/\/\S+\/apis\/user\/verify\?token=[\w%-]+/)?.[0];
  if (!link) throw new Error(`no verification link in: ${mail.body.text}`);
  return link;
};
