import type { Language } from '../core/messages/language';
import { stopText } from '../core/messages/stop-text';
import type { SendRecord } from './data/sends';
import './stop-rule-texts';

/**
 * A send as the API shows it (the organization it was sent in stays ours): why it failed or was
 * not sent as `reason` for a developer and `reasonText` for a person, in the request's language.
 */
export const sendView = (send: SendRecord, language: Language) => {
  const { orgId: _org, retryable, stop, ...view } = send;
  const reasonText = stopText(stop, language) ?? send.reason;
  return { ...view, ...(retryable ? { retryable } : {}), ...(reasonText ? { reasonText } : {}) };
};
