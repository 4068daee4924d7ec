import { describe, expect, it } from 'vitest';
import { toErrorResponse } from '../../src/core/http/error-mapper';
import { TooManyAttemptsError } from '../../src/core/errors';
import { WechatApiError } from '../../src/wechat/api-error';
import { anEvent } from './event';

describe('error mapper', () => {
  it('answers an unexpected error with 50000 and the request id, never its message or stack', () => {
    const error = new Error('secret internals at /var/task/index.mjs:1');

    const res = toErrorResponse(error, anEvent(), 'req-42');

    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body!)).toEqual({ errcode: 50000, msg: '系统内部错误，请稍后重试（请求编号 req-42，联系客服时请提供）', requestId: 'req-42' });
  });

  it('keeps WeChat’s errcode and errmsg on a 50200', () => {
    const res = toErrorResponse(new WechatApiError(40013, 'invalid appid', 'cgi-bin/token'), anEvent(), 'r');

    expect(res.statusCode).toBe(502);
    expect(JSON.parse(res.body!)).toMatchObject({ errcode: 50200, wxerrcode: 40013, wxerrmsg: 'invalid appid' });
  });

  it('answers a transaction cancelled only by contention or throttling 50300, and one with a failed condition 50000', () => {
    const cancelled = (codes: string[]) =>
      Object.assign(new Error('Transaction cancelled'), { name: 'TransactionCanceledException', CancellationReasons: codes.map((Code) => ({ Code })) });

    const conflict = toErrorResponse(cancelled(['None', 'TransactionConflict']), anEvent(), 'r');
    const throttled = toErrorResponse(cancelled(['ThrottlingError', 'None']), anEvent(), 'r');
    const condition = toErrorResponse(cancelled(['ConditionalCheckFailed', 'TransactionConflict']), anEvent(), 'r');

    expect([conflict.statusCode, JSON.parse(conflict.body!).errcode, conflict.headers?.['retry-after']]).toEqual([503, 50300, '1']);
    expect(JSON.parse(throttled.body!).errcode).toBe(50300);
    // A failed condition is the data layer's to name; unnamed, it is a bug, not a busy store.
    expect(JSON.parse(condition.body!).errcode).toBe(50000);
  });

  it('carries Retry-After on 42900', () => {
    const res = toErrorResponse(new TooManyAttemptsError('slow down', 90), anEvent(), 'r');

    expect(res.statusCode).toBe(429);
    expect(res.headers).toMatchObject({ 'retry-after': '90' });
  });
});
