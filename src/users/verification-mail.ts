import type { Mail } from '../core/mail/send-mail';

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The verification mail; pure, so its content is tested without sending. */
export const verificationMail = (to: string, username: string, link: string): Mail => ({
  to,
  subject: 'Verify your socialinzen e-mail address',
  text: `Hello ${username},\n\nOpen this link within 24 hours to verify your e-mail address:\n${link}\n\nIf you did not sign up for socialinzen, ignore this mail.\n`,
  html: `<p>Hello ${escapeHtml(username)},</p><p>Open this link within 24 hours to verify your e-mail address:</p><p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p><p>If you did not sign up for socialinzen, ignore this mail.</p>`,
});
