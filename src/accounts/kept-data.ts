import { holdInbox, releaseInbox } from '../core/data/kept-inbox';
import { holdRules, releaseRules } from '../core/data/kept-rules';

/**
 * An unbound account's rules and inbox are kept 30 days for a re-bind (SPEC, data kept), then purged
 * by DynamoDB's TTL; a re-bind (by its organization, or a move to a prover) gives them back their
 * own lifetimes. Menus live at WeChat, not in the table: nothing of them to keep here.
 */
export const holdForRebind = async (appid: string, until: number) => {
  const [rules, inbox] = await Promise.all([holdRules(appid, until), holdInbox(appid, until)]);
  return { rules, inbox };
};

export const releaseHeld = async (appid: string) => {
  await Promise.all([releaseRules(appid), releaseInbox(appid)]);
};
