import { describe, expect, it } from 'vitest';
import { userWithComponentAccount, userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { call } from '../support/http';

/**
 * WeChat's web-OAuth domain check (issue 10 item 8): a direct-mode account's settings take the
 * MP_verify file's name and content, and the platform serves it at the root of its domain.
 */
const settings = (owner: UserWithAccount, form: Record<string, string>) =>
  call('/apis/accounts/updateSettings', { token: owner.user.token, form: { appid: owner.account.appid, ...form } });

const code = () => Math.random().toString(36).slice(2, 12) + Math.random().toString(36).slice(2, 8);

describe('MP_verify domain-check file', () => {
  it('serves the file a direct-mode account set at /MP_verify_<code>.txt, as plain text', async () => {
    // Prepare
    const owner = await userWithDirectAccount();
    const content = code();
    const file = `MP_verify_${content}.txt`;

    // Act
    const set = await settings(owner, { mpVerifyFile: file, mpVerifyContent: content });
    const served = await call(`/${file}`);

    // Assess
    expect(set.body).toMatchObject({ errcode: 0, mpVerifyFile: file, domains: [] });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(served.text).toBe(content);
  });

  it('replaces the old file when the account sets another, and keeps its domains', async () => {
    const owner = await userWithDirectAccount();
    const [first, second] = [code(), code()];
    await settings(owner, { domains: 'shop.example.com' });
    await settings(owner, { mpVerifyFile: `MP_verify_${first}.txt`, mpVerifyContent: first });

    const changed = await settings(owner, { mpVerifyFile: `MP_verify_${second}.txt`, mpVerifyContent: second });

    expect(changed.body).toMatchObject({ errcode: 0, domains: ['shop.example.com'] });
    expect((await call(`/MP_verify_${first}.txt`)).status).toBe(404);
    expect((await call(`/MP_verify_${second}.txt`)).text).toBe(second);
  });

  it('answers 404 for a file nobody set, and leaves other root paths alone', async () => {
    const missing = await call(`/MP_verify_${code()}.txt`);
    const notAFile = await call('/MP_verify_../../etc/passwd.txt');

    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ errcode: 40400 });
    expect(notAFile.body?.errcode).not.toBe(0);
  });

  it('refuses another account’s file name (40900), a component-mode account (40000) and a file without content', async () => {
    const owner = await userWithDirectAccount();
    const other = await userWithDirectAccount();
    const component = await userWithComponentAccount();
    const content = code();
    await settings(owner, { mpVerifyFile: `MP_verify_${content}.txt`, mpVerifyContent: content });

    const taken = await settings(other, { mpVerifyFile: `MP_verify_${content}.txt`, mpVerifyContent: 'x1' });
    const componentMode = await settings(component, { mpVerifyFile: `MP_verify_${code()}.txt`, mpVerifyContent: 'abc' });
    const half = await settings(owner, { mpVerifyFile: `MP_verify_${code()}.txt` });
    const badName = await settings(owner, { mpVerifyFile: 'verify.txt', mpVerifyContent: 'abc' });

    expect([taken.status, taken.body.errcode]).toEqual([409, 40900]);
    expect([componentMode.status, componentMode.body.errcode]).toEqual([400, 40000]);
    expect(half.body).toMatchObject({ errcode: 40000, field: 'mpVerifyContent' });
    expect(badName.body).toMatchObject({ errcode: 40000, field: 'mpVerifyFile' });
    expect((await call(`/MP_verify_${content}.txt`)).text).toBe(content);
  });
});
