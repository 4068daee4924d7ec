import { build } from 'esbuild';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionList } from '../../lib/functions';
import { accountKey } from '../../src/core/data/accounts';
import { ticketKey } from '../../src/wechat/data/component-ticket';
import { entities, type Entity } from '../../src/core/data/entities';
import { loginFailureKey } from '../../src/users/data/login-attempts';
import { materialKey } from '../../src/materials/data/materials';
import { inboxKey } from '../../src/inbox/data/messages';
import { ruleKey } from '../../src/replies/data/reply-rules';
import { sessionKey } from '../../src/core/data/sessions';
import { stateKey } from '../../src/accounts/data/auth-states';
import { tokenKey } from '../../src/wechat/data/tokens';
import { emailKey, userKey, usernameGuardKey, usernameKey } from '../../src/users/data/users';
import { h5SecretKey } from '../../src/platform/data/h5-secrets';
import { verificationKey } from '../../src/users/data/verification-tokens';

import { streamMarkKey } from '../../src/records/data/stream-marks';

const root = resolve(import.meta.dirname, '../..');

/** Each data module's entities (a module may read two: the 首页's counts read the inbox and the sends). */
const entityOfModule = new Map<string, Entity[]>();
for (const [entity, e] of Object.entries(entities) as [Entity, (typeof entities)[Entity]][]) {
  for (const m of e.modules) entityOfModule.set(m, [...(entityOfModule.get(m) ?? []), entity]);
}

/** Data modules that hold no entity of their own. */
// audited-writes.ts and audit-entries.ts write the audit entry of every change (lib/table-access.ts grants it).
const infrastructure = new Set(['client.ts', 'audited-writes.ts', 'audit-entries.ts', 'table-design.ts', 'tenant-secrets.ts', 'entities.ts', 'migrate-tenant-secrets.ts', 'errors.ts', 'kept-partitions.ts'].map((f) => `src/core/data/${f}`));

describe('the entities each function declares', () => {
  it('are exactly those of the data modules its bundle can reach', async () => {
    // Prepare: every handler of the route table and the schedule, bundled as CDK bundles them.
    const entries = functionList;

    // Act
    const result = await build({
      absWorkingDir: root,
      entryPoints: entries.map((e) => e.handler),
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      outdir: 'out',
      external: ['@aws-sdk/*'],
      logLevel: 'silent',
    });

    // Assess
    const modulesOf = new Map(
      Object.values(result.metafile.outputs)
        .filter((o) => o.entryPoint)
        .map((o) => [o.entryPoint!, Object.keys(o.inputs).filter((i) => /^src\/(?:[a-z-]+\/)+data\/[^/]+\.ts$/.test(i))]),
    );
    for (const entry of entries) {
      const modules = modulesOf.get(entry.handler)!;
      const unknown = modules.filter((m) => !infrastructure.has(m) && !entityOfModule.has(m));
      expect(unknown, `${entry.id}: add these data modules to an entity in src/core/data/entities.ts`).toEqual([]);
      const reached = new Set(modules.flatMap((m) => entityOfModule.get(m) ?? []));
      // endpoint() links the session check into every handler; it only runs on routes with auth.
      if (!entry.auth && !entry.access.entities.includes('SESSION')) reached.delete('SESSION');
      // ...and the membership check (src/core/http/organization.ts) with it.
      if (!entry.auth && !entry.access.entities.includes('ORG')) reached.delete('ORG');
      expect([...entry.access.entities].sort(), `${entry.id}: access.entities in lib/routes.ts`).toEqual([...reached].sort());
    }
    // One esbuild build of every function (~90 since the content area): over a minute on a busy shared machine.
  }, 180_000);

  it('cover the keys the data modules write', () => {
    const samples: [Entity, string][] = [
      ['USER', userKey('u1').pk],
      ['USER', usernameKey('alice').pk],
      ['USER', emailKey('a@example.com').pk],
      ['USER', usernameGuardKey('alice').pk],
      ['H5SECRET', h5SecretKey('wx1').pk],
      ['SESSION', sessionKey('h').pk],
      ['VERIFY', verificationKey('h').pk],
      ['LOGINFAIL', loginFailureKey('alice').pk],
      ['AUTHSTATE', stateKey('h').pk],
      ['ACCOUNT', accountKey('wx1').pk],
      ['TOKEN', tokenKey({ kind: 'jsapi', appid: 'wx1' }).pk],
      ['COMPONENT', ticketKey('wxc').pk],
      ['RULE', ruleKey('wx1', 'hi').pk],
      ['MATERIAL', materialKey('wx1', 'm1').pk],
      ['MESSAGE', inboxKey('wx1', 5, 1764000000, 'k').pk],
      ['MESSAGE', inboxKey('wx1', 0, 1764000000, 'k').pk],
      ['STREAMMARK', streamMarkKey(inboxKey('wx1', 5, 1764000000, 'k'), 'plugin', '1').pk],
    ];
    for (const [entity, pk] of samples) {
      const owners = (Object.keys(entities) as Entity[]).filter((e) => entities[e].keys.some((p) => (p.endsWith('#') ? pk.startsWith(p) : pk === p)));
      expect(owners, pk).toEqual([entity]);
    }
  });
});
