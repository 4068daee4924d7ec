import { describe, expect, it } from 'vitest';
import { logIn, openPage, screenshot, useBrowser } from '../support/browser';
import { userWithDirectAccount } from '../support/accounts';
import { mailsTo, waitForMail } from '../support/mail';
import { ownOrganization } from '../support/team';
import { aUser } from '../support/users';

/**
 * The team story in two browsers (zh-CN): the owner invites a colleague as 编辑 from the 成员
 * page; the colleague, without a login, opens the mailed link in a second browser context,
 * registers through it and lands in the owner's organization with its official account; as an
 * editor they see the members but not the invitation form nor any member control.
 */
const browsing = useBrowser();

describe('console: invite → accept → a member with a restricted role', () => {
  it('invites an editor, who registers through the link in another browser and sees the account but no invite button', async () => {
    // Prepare: an owner with an official account, signed in at 1280.
    const { user: owner, account } = await userWithDirectAccount();
    const orgId = await ownOrganization(owner);
    const colleague = aUser();
    const ownerTab = await openPage(browsing.browser);
    browsing.watch(ownerTab.page);
    await logIn(ownerTab, owner);

    // Act 1: the owner invites the colleague as 编辑 from 成员.
    const owners = ownerTab.page;
    await owners.getByRole('link', { name: '成员', exact: true }).click();
    await owners.getByRole('heading', { name: '成员', exact: true }).waitFor();
    await owners.getByLabel('邮箱').fill(colleague.email);
    await owners.getByLabel('角色', { exact: true }).selectOption('editor');
    const since = (await mailsTo(colleague.email)).length;
    await owners.getByRole('button', { name: '发送邀请' }).click();
    await owners.getByText(`邀请已发送至 ${colleague.email}，7 天内有效。`).waitFor();
    await screenshot(owners, 'team-owner-invites-1280');
    await owners.setViewportSize({ width: 375, height: 812 });
    await screenshot(owners, 'team-owner-invites-375');

    // Act 2: the colleague opens the mailed link in a second browser context (a phone), registers through it, logs in.
    const link = (await waitForMail(colleague.email, since)).body.text!.match(/https?:\/\/\S+#\/invite\?token=[\w%-]+/)![0];
    const colleagueTab = await openPage(browsing.browser, { viewport: 'phone', phone: true });
    const theirs = colleagueTab.page;
    browsing.watch(theirs);
    // This machine's headless Chromium shares one profile's localStorage between contexts: the
    // owner is done, so the shared storage is emptied, as a new browser's is.
    ownerTab.assertNoTokenInUrls();
    await theirs.goto(link.replace(/#.*$/, '#/login'));
    await theirs.evaluate('localStorage.clear()');
    await theirs.goto('about:blank');
    await theirs.goto(link);
    await theirs.getByRole('heading', { name: '接受邀请' }).waitFor();
    await theirs.getByRole('link', { name: '注册并接受邀请' }).click();
    await theirs.getByText('你正在通过邀请注册：请使用收到邀请邮件的邮箱。').waitFor();
    await theirs.getByLabel('用户名').fill(colleague.username);
    await theirs.getByLabel('邮箱').fill(colleague.email);
    await theirs.getByLabel('密码').fill(colleague.password);
    await theirs.getByRole('button', { name: '注册' }).click();
    await theirs.getByText('注册成功，请登录。').waitFor();
    await logIn(colleagueTab, colleague);

    // Assess 1: in the owner's organization (two in the switcher), working on its official account.
    expect(await theirs.getByLabel('组织').inputValue()).toBe(orgId);
    expect(await theirs.getByLabel('组织').locator('option').count()).toBe(2);
    expect(await theirs.getByLabel('当前公众号').inputValue()).toBe(account.appid);
    await screenshot(theirs, 'team-editor-lands-375');

    // Assess 2: the members page shows them as 编辑, without the invitation form or member controls.
    // On a phone the map folds behind 菜单.
    await theirs.getByRole('button', { name: /菜单/ }).click();
    await theirs.getByRole('link', { name: '成员', exact: true }).click();
    await theirs.getByRole('heading', { name: '成员', exact: true }).waitFor();
    await theirs.getByRole('cell', { name: colleague.email }).waitFor();
    expect(await theirs.getByRole('cell', { name: '编辑', exact: true }).count()).toBe(1);
    expect(await theirs.getByRole('button', { name: '发送邀请' }).count()).toBe(0);
    expect(await theirs.getByRole('heading', { name: '邀请成员' }).count()).toBe(0);
    expect(await theirs.getByRole('button', { name: '移除' }).count()).toBe(0);
    await screenshot(theirs, 'team-editor-members-375');
    await theirs.setViewportSize({ width: 1280, height: 800 });
    await screenshot(theirs, 'team-editor-members-1280');
    colleagueTab.assertNoTokenInUrls();
  }, 120_000);
});
