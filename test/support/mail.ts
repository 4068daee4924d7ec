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

/** The console link a mail carries for `page` (`<console>#/reset?token=…`). */
export const mailedLink = (mail: StoredMail, page: 'verify' | 'reset' | 'confirm-email' | 'revert-email'): string => {
  const link = (mail.body.text ?? '').match(new RegExp(`https?://\\S+#/${page}\\?token=[\\w%-]+`))?.[0];
  if (!link) throw new Error(`no ${page} link in: ${mail.body.text}`);
  return link;
};

/** The token of a mailed console link. */
export const mailedToken = (mail: StoredMail, page: Parameters<typeof mailedLink>[1]): string =>
  decodeURIComponent(mailedLink(mail, page).split('?token=')[1]!);

/**
 * The API call the verification mail's console page makes (`<origin>/apis/user/verify?token=`),
 * on the mailed link's own origin: what tests that only need a verified user follow.
 */
export const verificationLink = (mail: StoredMail): string => {
  const link = new URL(mailedLink(mail, 'verify'));
  return `${link.origin}/apis/user/verify?token=${encodeURIComponent(mailedToken(mail, 'verify'))}`;
};
