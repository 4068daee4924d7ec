import { expect } from 'vitest';
import type { UserWithAccount } from './accounts';
import { call } from './http';

/** The audience area's routes as the owner. */
export const audience = (owner: UserWithAccount, route: string, json: Record<string, unknown> = {}) =>
  call(`/apis/audience/${route}`, { token: owner.user.token, json: { appid: owner.account.appid, ...json } });

/** Polls syncStatus until `until` holds (or fails the test after `timeoutMs`). */
export const waitForSync = async (owner: UserWithAccount, until: (status: Record<string, any>) => boolean, timeoutMs = 150_000): Promise<Record<string, any>> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await audience(owner, 'syncStatus');
    expect(res.body.errcode, res.text).toBe(0);
    if (until(res.body.status)) return res.body.status;
    if (Date.now() > deadline) throw new Error(`sync did not get there in time: ${JSON.stringify(res.body.status)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
};

/** Every follower of one question, following the cursor: openids in order. */
export const allFollowers = async (owner: UserWithAccount, filter: Record<string, unknown> = {}): Promise<string[]> => {
  const openids: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await audience(owner, 'followers', { ...filter, limit: 100, ...(cursor ? { cursor } : {}) });
    expect(res.body.errcode, res.text).toBe(0);
    openids.push(...res.body.followers.map((f: { openid: string }) => f.openid));
    cursor = res.body.cursor;
  } while (cursor);
  return openids;
};
