import type { SendRecord } from './data/sends';

/** A send as the API shows it (the organization it was sent in stays ours). */
export const sendView = (send: SendRecord) => {
  const { orgId: _org, retryable, ...view } = send;
  return { ...view, ...(retryable ? { retryable } : {}) };
};
