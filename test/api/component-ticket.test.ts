import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { demoComponent } from '../../local/demo-component';
import { getComponentTicket } from '../../src/wechat/data/component-ticket';
import { testDb } from '../support/dynamo';
import { call } from '../support/http';
import { loggedInUser } from '../support/users';
import { sim } from '../support/wechat-sim';

/**
 * The component token without a usable component_verify_ticket, over HTTP: WeChat (the simulator)
 * refuses a ticket past its 12 hours, and the product, finding none or a refused one, has WeChat
 * push one at once with api_start_push_ticket and answers 50300 (503, Retry-After) saying so; once
 * the push has arrived the same request works. Exclusive (vitest.config.ts): it ages WeChat's
 * tickets and kills the component token every other file uses.
 */
const tokenCall = 'cgi-bin/component/api_component_token';
const startPush = 'cgi-bin/component/api_start_push_ticket';

const eventually = async <T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const callsNow = async () => {
  const calls = await sim.calls(demoComponent.appid);
  return { token: calls[tokenCall] ?? 0, startPush: calls[startPush] ?? 0 };
};

/** A ticket WeChat pushed after `since` that the event URL took, now the stored one. */
const newTicketStored = (since: number, old: string | undefined) =>
  eventually(async () => {
    const pushed = (await sim.pushes()).some((p) => p.infoType === 'component_verify_ticket' && p.at >= since && p.body === 'success');
    const stored = await getComponentTicket(demoComponent.appid);
    return pushed && stored !== undefined && stored !== old ? stored : undefined;
  });

describe.sequential('component_verify_ticket: none, or one WeChat refuses', () => {
  // Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html: a ticket is valid 12 hours;
  // ThirdParty/token/component_access_token.html: api_component_token answers 61005 for an expired one;
  // openApi/ticket-token/api_startpushticket.html: api_start_push_ticket has WeChat push a ticket.
  it('asks WeChat to push a ticket when it refuses the stored one as past 12 hours, and works once it has come', async () => {
    // Prepare: a ticket stored, then 12 hours pass at WeChat and the component token dies
    const user = await loggedInUser();
    const { ticket: old } = await sim.pushTicket();
    await sim.ageTickets(12 * 3600 + 60);
    await sim.expire({ component: true });
    const before = await callsNow();
    const since = Date.now();

    // Act: five requests at once need the component token
    const answers = await Promise.all(Array.from({ length: 5 }, () => call('/apis/component/authUrl', { token: user.token })));
    const middle = await callsNow();
    await newTicketStored(since, old);
    const after = await call('/apis/component/authUrl', { token: user.token });

    // Assess: WeChat refused the old ticket and was asked once for a new one (the push may already
    // have served the last of the five); the next request works
    const refused = answers.filter((a) => a.status === 503);
    expect(answers.map((a) => a.body.errcode).every((code) => code === 50300 || code === 0)).toBe(true);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused[0]!.headers.get('retry-after')).toBe('5');
    expect(refused[0]!.body).toMatchObject({ errcode: 50300, wxerrcode: 61005, retry_after: 5 });
    expect(refused.map((a) => String(a.body.msg))).toContainEqual(
      expect.stringMatching(/^WeChat refused the stored component_verify_ticket \(61005 .*\): asked WeChat to push one now \(api_start_push_ticket\); retry in a few seconds$/),
    );
    expect(middle.startPush - before.startPush).toBe(1);
    expect(after.body).toMatchObject({ errcode: 0 });
  });

  // api_startpushticket.html: the way to get a ticket now rather than in up to 10 minutes.
  it('asks WeChat to push a ticket when none has arrived, without calling api_component_token in vain', async () => {
    // Prepare: a new deployment, no ticket yet, and the component token dead
    const user = await loggedInUser();
    await testDb().send(new DeleteCommand({ TableName: inject('tableName'), Key: { pk: `COMPONENT#${demoComponent.appid}`, sk: 'TICKET' } }));
    await sim.expire({ component: true });
    const before = await callsNow();
    const since = Date.now();

    // Act
    const none = await call('/apis/component/authUrl', { token: user.token });
    const middle = await callsNow();
    await newTicketStored(since, undefined);
    const after = await call('/apis/component/authUrl', { token: user.token });

    // Assess
    expect(none.status).toBe(503);
    expect(none.body).toMatchObject({ errcode: 50300, retry_after: 5 });
    expect(none.body).not.toHaveProperty('wxerrcode');
    expect(String(none.body.msg)).toMatch(/^no component_verify_ticket has arrived from WeChat yet: asked WeChat to push one now \(api_start_push_ticket\)/);
    expect(middle.token - before.token).toBe(0);
    expect(middle.startPush - before.startPush).toBe(1);
    expect(after.body).toMatchObject({ errcode: 0 });
  });
});
