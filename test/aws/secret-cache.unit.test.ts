import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedFor, getSecretString } from '../../src/core/aws/secrets-manager';
import { componentCredentials, componentSecretMaxAgeSeconds } from '../../src/wechat/component-credentials';
import { startJsonPeer, type Answer, type JsonPeer } from '../support/aws-json-peer';

/**
 * The component secret's per-container cache (what Powertools Parameters gave before: a maximum age,
 * a failed read not kept), over real HTTP to a Secrets Manager stand-in on 127.0.0.1.
 */
let peer: JsonPeer;
let secretValue: string;
const saved = { ...process.env };

const secretAnswer = (): Answer => ({ status: 200, body: JSON.stringify({ ARN: 'arn', Name: 'n', SecretString: secretValue, VersionId: 'v' }) });

beforeEach(async () => {
  secretValue = JSON.stringify({ appsecret: 'secret-1', token: 'token-1', aesKey: 'k'.repeat(43) });
  peer = await startJsonPeer(secretAnswer);
  process.env['AWS_ENDPOINT_URL_SECRETS_MANAGER'] = peer.url;
});

afterEach(async () => {
  process.env = { ...saved };
  await peer.stop();
});

describe('the secret cache', () => {
  it('reads the secret again only once its maximum age has passed', async () => {
    // Prepare
    let clock = 1_000_000;
    const read = cachedFor(() => getSecretString('arn:one'), 300_000, () => clock);

    // Act
    const first = await read();
    clock += 299_999;
    secretValue = '"rotated"';
    const stillCached = await read();
    clock += 1;
    const reread = await read();
    const cachedAgain = await read();

    // Assess
    expect([first, stillCached]).toEqual([expect.stringContaining('secret-1'), first]);
    expect([reread, cachedAgain]).toEqual(['"rotated"', '"rotated"']);
    expect(peer.requests).toHaveLength(2);
  });

  it('keeps no failed read: the next caller reads again', async () => {
    // Prepare
    peer.script.push({ status: 400, body: JSON.stringify({ __type: 'AccessDeniedException', Message: 'no' }) });
    const read = cachedFor(() => getSecretString('arn:two'), 300_000);

    // Act
    const failure = await read().catch((e: unknown) => e);
    const after = await read();

    // Assess
    expect(failure).toMatchObject({ name: 'AccessDeniedException' });
    expect(after).toContain('secret-1');
    expect(peer.requests).toHaveLength(2);
  });

  it('sends one read for callers that arrive while it is under way', async () => {
    // Prepare
    const read = cachedFor(() => getSecretString('arn:three'), 300_000);

    // Act
    const values = await Promise.all(Array.from({ length: 8 }, () => read()));

    // Assess
    expect(new Set(values).size).toBe(1);
    expect(peer.requests).toHaveLength(1);
  });

  it('shares a failed read among the callers that waited on it, then reads again', async () => {
    peer.script.push({ status: 400, body: JSON.stringify({ __type: 'ResourceNotFoundException', Message: 'gone' }) });
    const read = cachedFor(() => getSecretString('arn:four'), 300_000);

    const results = await Promise.allSettled([read(), read(), read()]);
    const after = await read();

    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(after).toContain('secret-1');
    expect(peer.requests).toHaveLength(2);
  });
});

describe('component credentials from Secrets Manager', () => {
  const inAws = (arn: string) => {
    for (const name of ['COMPONENT_APPSECRET', 'COMPONENT_TOKEN', 'COMPONENT_AES_KEY']) delete process.env[name];
    process.env['COMPONENT_APPID'] = 'wx-component-1';
    process.env['COMPONENT_SECRET_ARN'] = arn;
  };

  it('reads the secret JSON once per container within the maximum age', async () => {
    // Prepare
    const arn = `arn:aws:secretsmanager:us-east-1:111122223333:secret:component-${Date.now()}`;
    inAws(arn);

    // Act
    const [a, b] = await Promise.all([componentCredentials(), componentCredentials()]);
    const c = await componentCredentials();

    // Assess
    expect(a).toEqual({ appid: 'wx-component-1', appsecret: 'secret-1', token: 'token-1', aesKey: 'k'.repeat(43) });
    expect([b, c]).toEqual([a, a]);
    expect(peer.requests.map((r) => JSON.parse(r.body))).toEqual([{ SecretId: arn }]);
    expect(componentSecretMaxAgeSeconds).toBe(300);
  });

  it('says which fields a secret lacks', async () => {
    // Prepare
    const arn = `arn:aws:secretsmanager:us-east-1:111122223333:secret:incomplete-${Date.now()}`;
    inAws(arn);
    secretValue = JSON.stringify({ appsecret: 'only' });

    // Act
    const failure = await componentCredentials().catch((e: unknown) => e);

    // Assess
    expect(failure).toMatchObject({ message: `secret ${arn} must hold appsecret, token and aesKey` });
  });

  it('keeps no secret that does not parse: once fixed, the next call reads it', async () => {
    // Prepare
    const arn = `arn:aws:secretsmanager:us-east-1:111122223333:secret:fixed-${Date.now()}`;
    inAws(arn);
    secretValue = 'not json';

    // Act
    const failure = await componentCredentials().catch((e: unknown) => e);
    secretValue = JSON.stringify({ appsecret: 'secret-2', token: 'token-2', aesKey: 'k'.repeat(43) });
    const fixed = await componentCredentials();

    // Assess
    expect(failure).toMatchObject({ message: `secret ${arn} is not JSON` });
    expect(fixed).toMatchObject({ appsecret: 'secret-2', token: 'token-2' });
    expect(peer.requests).toHaveLength(2);
  });
});
