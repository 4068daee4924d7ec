import type { SendRecord } from './data/sends';

/**
 * The one place a send asks whether it may go out (issue 28, approvals, plugs in here): the firing
 * of a scheduled send (firing.ts) and an immediate publish or mass send (sending.ts) both call it
 * just before WeChat is asked, with the send as recorded. An answer other than approved stops the
 * send: a scheduled one is marked failed with the reason (the history tells the sender), an
 * immediate one is refused with the reason and nothing goes to WeChat. Until approvals exist every
 * send is approved.
 */
export type ApprovalVerdict = { approved: true } | { approved: false; reason: string };

export const approvalGate = async (_send: SendRecord): Promise<ApprovalVerdict> => ({ approved: true });
