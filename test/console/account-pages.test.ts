import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleUrl, logIn, openPage, screenshot, useBrowser, viewports } from '../support/browser';
import { userWithDirectAccount } from '../support/accounts';
import { call } from '../support/http';
import { mailedLink, mailsTo, waitForMail } from '../support/mail';
import { memberOf, ownOrganization } from '../support/team';
import { aUser, registerUser } from '../support/users';

/**
 * The user's own account in the console (zh-CN, at 1280 and 375): 忘记密码 from the login page,
 * the mailed 重置密码 link, 账号与安全 (password, e-mail with its confirm and undo links, devices,
 * 注销账号), and every page a mailed link or WeChat's way back lands on — each says what happened
 * and what to do, and none shows JSON. Screenshots: test-artifacts/screenshots/account-*.png.
 */
const browsing = useBrowser();

/** The page's own text (not the header's language switch) holds no English word but the product's name, and no JSON. */
const speaksChinese = async (page: Page) => {
  const text = await page.locator('main').innerText();
  const words = text.replace(/[\w.+-]+@[\w.-]+/g, '').match(/[A-Za-z]{2,}/g) ?? [];
  expect(words.filter((w) => !['socialinzen', 'IP', 'Logo', 'AppID'].includes(w))).toEqual([]);
  expect(text).not.toMatch(/errcode|"msg"/);
};

const shoot = async (page: Page, name: string, width: number) => {
  await page.waitForSelector('h1');
  const overflow = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  expect(overflow, `${name}: wider than the viewport`).toBeLessThanOrEqual(page.viewportSize()!.width);
  await screenshot(page, `account-${name}-${width}-zh-CN`);
};

const sizes = Object.entries(viewports) as [keyof typeof viewports, (typeof viewports)[keyof typeof viewports]][];

describe.each(sizes)('console account pages at %s', (size, viewport) => {
  const open = async () => {
    const tab = await openPage(browsing.browser, { viewport: size, phone: size === 'phone' });
    browsing.watch(tab.page);
    // The browser's contexts share their storage here (one process): start signed out, in Chinese.
    await tab.page.goto(consoleUrl('#/login'));
    await tab.page.evaluate("localStorage.clear(); localStorage.setItem('socialinzen.lang', 'zh-CN')");
    return tab;
  };

  it('忘记密码 from the login page → the mailed link → 重置密码 → login with the new password; the used link then says so', async () => {
    const { user } = await userWithDirectAccount();
    const tab = await open();
    const { page } = tab;

    await page.goto(consoleUrl('#/login'));
    await page.getByRole('link', { name: '忘记密码？' }).click();
    await page.getByRole('heading', { name: '忘记密码' }).waitFor();
    await speaksChinese(page);
    await shoot(page, 'forgot', viewport.width);
    await page.getByLabel('邮箱').fill(user.email);
    await page.getByRole('button', { name: '发送重置链接' }).click();
    await page.getByText('重置链接已发出', { exact: false }).waitFor();
    await shoot(page, 'forgot-sent', viewport.width);
    const link = mailedLink(await waitForMail(user.email, 1), 'reset');

    await page.goto(link);
    await page.getByRole('heading', { name: '重置密码' }).waitFor();
    await speaksChinese(page);
    await page.getByLabel('新密码', { exact: true }).fill('brand-new-secret');
    await page.getByLabel('再次输入新密码').fill('not-the-same-one');
    await page.getByRole('button', { name: '设置新密码' }).click();
    await page.getByText('两次输入的密码不一致').waitFor();
    await shoot(page, 'reset', viewport.width);
    await page.getByLabel('再次输入新密码').fill('brand-new-secret');
    await page.getByRole('button', { name: '设置新密码' }).click();
    await page.getByText('密码已重置，所有设备上的登录已退出。请用新密码登录。').waitFor();
    await shoot(page, 'login-after-reset', viewport.width);
    await logIn(tab, { username: user.username, password: 'brand-new-secret' });

    // The same link again: a page that says it is spent and offers a new one.
    await page.goto(link);
    await page.reload();
    await page.getByRole('heading', { name: '重置密码' }).waitFor();
    await page.getByLabel('新密码', { exact: true }).fill('another-secret-1');
    await page.getByLabel('再次输入新密码').fill('another-secret-1');
    await page.getByRole('button', { name: '设置新密码' }).click();
    await page.getByText('这个重置链接无效、已经用过或已过期', { exact: false }).waitFor();
    await page.getByRole('link', { name: '重新申请重置链接' }).waitFor();
    await speaksChinese(page);
    await shoot(page, 'reset-used', viewport.width);
  }, 120_000);

  it('the verification link verifies on its console page; opened again it explains and offers a new mail', async () => {
    const user = await registerUser(aUser());
    const link = mailedLink(await waitForMail(user.email), 'verify');
    const tab = await open();
    const { page } = tab;

    await page.goto(link);
    await page.getByText('邮箱已验证，现在可以登录了。').waitFor();
    await page.goto(link);
    await page.getByText('这个验证链接无效、已经用过或已过期', { exact: false }).waitFor();
    await speaksChinese(page);
    await shoot(page, 'verify-used', viewport.width);
    await page.getByLabel('邮箱').fill(user.email);
    await page.getByRole('button', { name: '重新发送验证邮件' }).click();
    await page.getByText('新的验证邮件已发出', { exact: false }).waitFor();
  }, 120_000);

  it('每个授权结果 the API still sends (cancelled, busy, failed) lands on the return page with the way on; an older result link too', async () => {
    const tab = await open();
    const { page } = tab;
    const texts: Record<string, string> = {
      cancelled: '可能在微信授权页面取消了授权',
      busy: '服务繁忙，授权没有完成',
      failed: '授权没有完成。请重新授权',
    };
    const pages = [...Object.entries(texts).map(([reason, text]) => [reason, `#/authorize/return?reason=${reason}`, text]), ['older-link', '#/authorize-result?reason=cancelled', texts['cancelled']!]];
    for (const [reason, hash, text] of pages as [string, string, string][]) {
      await page.goto(consoleUrl(hash));
      await page.getByRole('heading', { name: '公众号授权没有完成' }).waitFor();
      await page.getByText(text, { exact: false }).waitFor();
      await page.getByRole('link', { name: '去登录' }).waitFor();
      await speaksChinese(page);
      await shoot(page, `authorize-${reason}`, viewport.width);
    }
  }, 120_000);

  it('账号与安全: wrong and right password change, 退出所有设备, e-mail change with its confirm and undo pages', async () => {
    const { user } = await userWithDirectAccount();
    await call('/apis/user/login', { form: { username: user.username, password: user.password } });
    const tab = await open();
    const { page } = tab;
    await logIn(tab, user);

    await page.goto(consoleUrl('#/security'));
    await page.getByRole('heading', { name: '账号与安全', level: 1 }).waitFor();
    await page.getByText('当前设备', { exact: true }).waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(3);
    await shoot(page, 'security', viewport.width);

    // Password: the wrong one is named beside its field; the right one signs the others out.
    await page.getByLabel('当前密码').fill('not-my-password');
    await page.getByLabel('新密码', { exact: true }).fill('a-better-secret');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText('密码不正确').waitFor();
    await shoot(page, 'security-wrong-password', viewport.width);
    await page.getByLabel('当前密码').fill(user.password);
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText('密码已修改，2 个其他设备已退出登录。').waitFor();
    await page.reload();
    await page.getByText('当前设备', { exact: true }).waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);

    // Sign out everywhere with a second session open.
    await call('/apis/user/login', { form: { username: user.username, password: 'a-better-secret' } });
    await page.reload();
    await page.getByText('当前设备', { exact: true }).waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    await page.getByRole('button', { name: '退出所有设备' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '退出所有设备' }).click();
    await page.getByText('已退出 1 个其他设备。').waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);

    // E-mail: pending until the new address confirms; the old address can undo it.
    const newEmail = aUser().email;
    const oldSince = (await mailsTo(user.email)).length;
    await page.getByLabel('新邮箱').fill(newEmail);
    await page.getByLabel('登录密码', { exact: true }).fill('a-better-secret');
    await page.getByRole('button', { name: '发送确认邮件' }).click();
    await page.getByText(`确认邮件已发往 ${newEmail}`, { exact: false }).waitFor();
    await shoot(page, 'security-email-sent', viewport.width);
    const confirm = mailedLink(await waitForMail(newEmail), 'confirm-email');
    const revert = mailedLink(await waitForMail(user.email, oldSince), 'revert-email');

    await page.goto(confirm);
    await page.getByText(`新邮箱 ${newEmail} 已生效`, { exact: false }).waitFor();
    await speaksChinese(page);
    await shoot(page, 'confirm-email', viewport.width);
    await page.reload();
    await page.getByText('这个确认链接无效、已经用过或已过期', { exact: false }).waitFor();
    await shoot(page, 'confirm-email-used', viewport.width);

    await page.goto(revert);
    await page.getByRole('heading', { name: '撤销邮箱修改' }).waitFor();
    await speaksChinese(page);
    await shoot(page, 'revert-email', viewport.width);
    await page.getByRole('button', { name: '撤销修改，改回原邮箱' }).click();
    await page.getByText(`邮箱已改回 ${user.email}`, { exact: false }).waitFor();
    await page.getByRole('link', { name: '立即重置密码' }).waitFor();
    await shoot(page, 'revert-email-done', viewport.width);
    await page.reload();
    await page.getByRole('button', { name: '撤销修改，改回原邮箱' }).click();
    await page.getByText('这个撤销链接无效、已经用过或已过期', { exact: false }).waitFor();
    await shoot(page, 'revert-email-used', viewport.width);
  }, 120_000);

  it('注销账号: refused while the only owner of a team, then done with the password, landing on login', async () => {
    const { user } = await userWithDirectAccount();
    const orgId = await ownOrganization(user);
    const editor = await memberOf(user, orgId, 'editor');
    const tab = await open();
    const { page } = tab;
    await logIn(tab, user);

    await page.goto(consoleUrl('#/security'));
    await page.getByRole('heading', { name: '注销账号' }).waitFor();
    await page.getByLabel('输入登录密码确认注销').fill(user.password);
    await page.getByRole('button', { name: '注销账号' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '注销账号' }).click();
    await page.getByText(`你是以下组织唯一的所有者，且组织还有其他成员：“${user.username}”`, { exact: false }).waitFor();
    await shoot(page, 'delete-blocked', viewport.width);

    // The colleague leaves; now the account goes.
    const removed = await call('/apis/team/removeMember', { token: user.token, headers: { 'x-org': orgId }, form: { userId: editor.id } });
    expect(removed.body.errcode, removed.text).toBe(0);
    await page.getByLabel('输入登录密码确认注销').fill('wrong-password');
    await page.getByRole('button', { name: '注销账号' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '注销账号' }).click();
    await page.getByText('密码不正确').waitFor();
    await page.getByLabel('输入登录密码确认注销').fill(user.password);
    await page.getByRole('button', { name: '注销账号' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '注销账号' }).click();
    await page.getByText('账号已注销，你的数据已删除。').waitFor();
    await shoot(page, 'login-after-delete', viewport.width);
    expect((await call('/apis/user/login', { form: { username: user.username, password: user.password } })).body.errcode).toBe(40101);
  }, 120_000);
});
