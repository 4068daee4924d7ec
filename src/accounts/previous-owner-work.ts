/**
 * What an organization still has running for an official account it just lost (to a proven owner
 * elsewhere, or by unbinding it): its scheduled sends, pending approvals and follower syncs must
 * stop. None of those features exists yet, so nothing is registered today: each such feature adds
 * its own cancellation here with {@link whenAccountLeavesOrganization}, in a module the handlers
 * that move or unbind an account import (this one's list below), so the hook runs in their Lambda.
 */
export interface AccountLeftOrganization {
  appid: string;
  /** The organization that lost the account. */
  orgId: string;
  /** 'authorization': another organization authorized it afresh; 'appsecret': a direct binding's transfer came due; 'unbind': its owner unbound it. */
  why: 'authorization' | 'appsecret' | 'unbind';
}

type Cancellation = (left: AccountLeftOrganization) => Promise<void>;

const cancellations: Cancellation[] = [];

export const whenAccountLeavesOrganization = (cancel: Cancellation): void => {
  cancellations.push(cancel);
};

/** Runs every registered cancellation; one failing does not stop the others (each is retried by nothing: it must be idempotent and best effort). */
export const cancelWorkOfPreviousOwner = async (left: AccountLeftOrganization): Promise<void> => {
  await Promise.allSettled(cancellations.map((cancel) => cancel(left)));
};

/** How many cancellations are registered (a test reads it: today none). */
export const registeredCancellations = (): number => cancellations.length;
