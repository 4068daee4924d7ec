import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha1Signature } from '../../src/wechat/signature';
import { buildWechatXml } from '../../src/wechat/xml';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { call } from '../support/http';
import { registerUser } from '../support/users';

/**
 * The EMF lines real invocations write: the handlers are called in this process, as Lambda calls
 * them, and their stdout is read back.
 */
process.env['POWERTOOLS_METRICS_DISABLED'] = 'false';

interface EmfLine {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

const captureStdout = async <T>(work: () => Promise<T>): Promise<{ result: T; lines: EmfLine[] }> => {
  const written: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    const result = await work();
    return { result, lines: written.join('').split('\n').filter((l) => l.startsWith('{"_aws"')).map((l) => JSON.parse(l) as EmfLine) };
  } finally {
    process.stdout.write = original;
  }
};

const event = (input: { method: string; path: string; routePath: string; query?: Record<string, string>; pathParameters?: Record<string, string>; body?: string; contentType: string }): APIGatewayProxyEventV2 => ({
  version: '2.0',
  routeKey: `${input.method} ${input.routePath}`,
  rawPath: input.path,
  rawQueryString: new URLSearchParams(input.query).toString(),
  headers: { 'content-type': input.contentType },
  ...(input.query ? { queryStringParameters: input.query } : {}),
  ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
  requestContext: {
    accountId: 'test', apiId: 'test', domainName: 'api.example.com', domainPrefix: 'api',
    http: { method: input.method, path: input.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
    requestId: `apigw-${randomUUID()}`,
    routeKey: `${input.method} ${input.routePath}`, stage: '$default', time: new Date().toUTCString(), timeEpoch: Date.now(),
  },
  ...(input.body ? { body: input.body } : {}),
  isBase64Encoded: false,
});

const context = (): Context => ({
  callbackWaitsForEmptyEventLoop: false, functionName: 'test', functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test', memoryLimitInMB: '512',
  awsRequestId: randomUUID(), logGroupName: '/aws/lambda/test', logStreamName: 'test',
  getRemainingTimeInMillis: () => 10_000, done: () => undefined, fail: () => undefined, succeed: () => undefined,
});

const metricsOf = (lines: EmfLine[]) =>
  lines.flatMap((line) => line._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((metric) => ({ name: metric.Name, namespace: m.Namespace, dimensions: m.Dimensions.flat(), line }))));

describe('business metrics (EMF)', () => {
  let owner: UserWithAccount;
  beforeAll(async () => {
    owner = await userWithDirectAccount();
    const res = await call('/apis/wxreplymanage/addReply', {
      token: owner.user.token,
      json: { appid: owner.account.appid, type: 'text', reply: 'Hi there', request: 'hello', match: 'exact' },
    });
    expect(res.body.errcode).toBe(0);
  });

  const deliver = async (content: string) => {
    const { handler } = await import('../../src/callback/handlers/message');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(4).toString('hex');
    const request = event({
      method: 'POST',
      path: `/wxplatform/callback/${owner.account.appid}`,
      routePath: '/wxplatform/callback/{appid}',
      query: { timestamp, nonce, signature: sha1Signature(owner.account.token, timestamp, nonce) },
      pathParameters: { appid: owner.account.appid },
      body: buildWechatXml({
        ToUserName: 'gh_test', FromUserName: 'o_follower', CreateTime: Number(timestamp), MsgType: 'text', Content: content,
        MsgId: String(Date.now()) + randomBytes(2).readUInt16BE(),
      }),
      contentType: 'text/xml',
    });
    const { result, lines } = await captureStdout(() => handler(request, context()));
    return { request, result, lines };
  };

  it('counts a callback answered by a matching rule, with API Gateway’s request id as correlation id', async () => {
    // Act
    const { request, result, lines } = await deliver('hello');

    // Assess
    expect(result).toMatchObject({ statusCode: 200 });
    expect(String((result as { body: string }).body)).toContain('Hi there');
    const answered = metricsOf(lines).filter((m) => m.name === 'CallbackAnswered');
    expect(answered).toHaveLength(1);
    expect(answered[0]).toMatchObject({ namespace: 'socialinzen', dimensions: expect.arrayContaining(['service', 'outcome']) });
    expect(answered[0]!.line).toMatchObject({ outcome: 'matched', CallbackAnswered: 1, service: 'socialinzen', correlationId: request.requestContext.requestId });
  });

  it('counts a callback no rule answers as outcome none', async () => {
    const { lines } = await deliver(`nothing matches ${randomUUID()}`);

    const answered = metricsOf(lines).filter((m) => m.name === 'CallbackAnswered');
    expect(answered.map((m) => m.line['outcome'])).toEqual(['none']);
  });

  it('counts a failed login and a login refused while locked out', async () => {
    // Prepare
    const { handler } = await import('../../src/users/handlers/login');
    const user = await registerUser();
    const attempt = () =>
      captureStdout(() =>
        handler(
          event({ method: 'POST', path: '/apis/user/login', routePath: '/apis/user/login', body: JSON.stringify({ username: user.username, password: 'wrong-password-1' }), contentType: 'application/json' }),
          context(),
        ),
      );

    // Act: five failures lock the username; the sixth attempt is refused as locked.
    const lines: EmfLine[] = [];
    for (let i = 0; i < 6; i++) lines.push(...(await attempt()).lines);

    // Assess
    const names = metricsOf(lines).map((m) => m.name);
    expect(names.filter((n) => n === 'LoginFailed')).toHaveLength(5);
    expect(names.filter((n) => n === 'LoginLockedOut')).toHaveLength(1);
  });
});
