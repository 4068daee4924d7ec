import { describe, expect, it } from 'vitest';
import { jsapiSignature, newNonceStr } from '../../src/wechat/jssdk';

describe('JSSDK signature', () => {
  it('reproduces the example of WeChat’s JS-SDK documentation (appendix 1)', () => {
    const signature = jsapiSignature({
      ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
      nonceStr: 'Wm3WZYTPz0wzccnW',
      timestamp: 1414587457,
      url: 'http://mp.weixin.qq.com?params=value',
    });

    expect(signature).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('signs the url without its #fragment and without re-encoding it', () => {
    const base = { ticket: 't', nonceStr: 'n', timestamp: 1 };

    expect(jsapiSignature({ ...base, url: 'https://a.example.com/p?x=%E4%BD%A0&y=1#/route?z=2' })).toBe(
      jsapiSignature({ ...base, url: 'https://a.example.com/p?x=%E4%BD%A0&y=1' }),
    );
    expect(jsapiSignature({ ...base, url: 'https://a.example.com/p?x=%E4%BD%A0' })).not.toBe(
      jsapiSignature({ ...base, url: 'https://a.example.com/p?x=你' }),
    );
  });

  it('makes 16-character alphanumeric nonces that differ', () => {
    expect(newNonceStr()).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(newNonceStr()).not.toBe(newNonceStr());
  });
});
