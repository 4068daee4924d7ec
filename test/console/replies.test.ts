import { beforeAll, describe, expect, it } from 'vitest';
import { userWithDirectAccount, type UserWithAccount } from '../support/accounts';
import { logIn, openPage, useBrowser, type WatchedPage } from '../support/browser';
import { sim } from '../support/wechat-sim';

/**
 * Reply rules made in the console answer followers: a text rule and a news rule added through the
 * forms, then the simulator's follower sends the keyword (safe mode) and gets exactly that reply.
 */
const browsing = useBrowser();
let owner: UserWithAccount;
let tab: WatchedPage;

beforeAll(async () => {
  owner = await userWithDirectAccount();
  tab = await openPage(browsing.browser);
  browsing.watchEveryTest(tab.page);
  await logIn(tab, owner.user);
  // The console lands on 首页: the rules are one step away, through the map.
  await tab.page.getByRole('link', { name: '自动回复' }).click();
  await tab.page.getByRole('heading', { name: '自动回复', level: 1 }).waitFor();
});

const followerSays = async (content: string) => {
  const { attempts } = await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { MsgType: 'text', Content: content } });
  expect(attempts[0]!.status).toBe(200);
  expect(attempts[0]!.signatureValid).toBe(true);
  return attempts[0]!.reply!;
};

describe('console: reply rules', () => {
  it('adds a text rule in the form, and a follower sending the keyword gets exactly that text', async () => {
    // Prepare
    const { page } = tab;
    const text = '欢迎光临 socialinzen！营业时间 9:00–18:00';

    // Act
    await page.getByRole('link', { name: '添加规则' }).click();
    await page.getByRole('textbox', { name: '关键词' }).fill('营业时间');
    await page.getByLabel('回复文字').fill(text);
    await expect.poll(() => page.locator('.chat').innerText()).toContain(text);
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('cell', { name: '营业时间', exact: true }).waitFor();

    // Assess
    const reply = await followerSays('营业时间');
    expect(reply).toMatchObject({ MsgType: 'text', Content: text });
  });

  it('adds a news rule in the form, and a follower sending the keyword gets that article', async () => {
    // Prepare
    const { page } = tab;
    const article = { title: '冬季新品', description: '全场八折', picurl: 'https://img.example.com/winter.jpg', url: 'https://shop.example.com/winter' };

    // Act
    await page.getByRole('link', { name: '添加规则' }).click();
    await page.getByRole('textbox', { name: '关键词' }).fill('新品');
    await page.getByRole('radio', { name: '包含关键词' }).check();
    await page.getByRole('radio', { name: '图文' }).check();
    await page.getByLabel('标题').fill(article.title);
    await page.getByLabel('描述（选填）').fill(article.description);
    await page.getByLabel('封面图片链接').fill(article.picurl);
    await page.getByLabel('跳转链接').fill(article.url);
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('cell', { name: '新品', exact: true }).waitFor();

    // Assess: "contains" matches inside a longer message
    const reply = await followerSays('有什么新品吗');
    expect(reply).toMatchObject({
      MsgType: 'news',
      ArticleCount: '1',
      Articles: { item: [{ Title: article.title, Description: article.description, PicUrl: article.picurl, Url: article.url }] },
    });
  });

  it("shows the API's message beside the field it names (a keyword that exists already)", async () => {
    // Prepare
    const { page } = tab;
    await page.getByRole('link', { name: '添加规则' }).click();

    // Act
    await page.getByRole('textbox', { name: '关键词' }).fill('营业时间');
    await page.getByLabel('回复文字').fill('another answer');
    await page.getByRole('button', { name: '保存' }).click();

    // Assess: the 40900 message, announced, tied to the keyword field
    const error = page.getByRole('alert').filter({ hasText: '这个关键词已有回复规则' });
    await error.waitFor();
    const describedBy = await page.getByRole('textbox', { name: '关键词' }).getAttribute('aria-describedby');
    expect(describedBy).toContain(await error.getAttribute('id'));
    expect(await page.getByRole('textbox', { name: '关键词' }).getAttribute('aria-invalid')).toBe('true');
  });

  it('edits a rule and deletes one after confirming; searching asks the API and filters the list', async () => {
    // Prepare
    const { page } = tab;
    // The refused form still holds its typing: leaving it asks first (the unsaved-changes guard).
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('link', { name: '取消' }).click();

    // Act: edit the text rule
    await page.getByRole('link', { name: '编辑 营业时间' }).click();
    await page.getByLabel('回复文字').fill('周末休息');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('cell', { name: '周末休息', exact: true }).waitFor();
    expect(await followerSays('营业时间')).toMatchObject({ Content: '周末休息' });

    // search, kept in the URL and done by the API (listReply's q): a word of the news rule's title
    const searched = page.waitForRequest((r) => r.url().endsWith('/apis/wxreplymanage/listReply') && (JSON.parse(r.postData() ?? '{}') as { q?: string }).q === '冬季');
    await page.getByLabel('搜索关键词').fill('冬季');
    await searched;
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await page.getByRole('cell', { name: '新品', exact: true }).waitFor();
    expect(page.url()).toContain('q=');
    // a search that finds nothing says so, naming the words searched
    await page.getByLabel('搜索关键词').fill('夏季');
    await page.getByRole('cell', { name: '没有关键词或回复内容包含“夏季”的规则。' }).waitFor();
    await page.getByLabel('搜索关键词').fill('');
    await expect.poll(() => page.getByRole('row').count()).toBe(3);

    // delete: cancel first, then confirm
    await page.getByRole('button', { name: '删除 新品' }).click();
    await page.getByRole('button', { name: '取消' }).click();
    expect(await page.getByRole('cell', { name: '新品', exact: true }).count()).toBe(1);
    await page.getByRole('button', { name: '删除 新品' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '删除' }).click();
    await page.getByText('规则已删除。').waitFor();

    // Assess
    await expect.poll(() => page.getByRole('cell', { name: '新品', exact: true }).count()).toBe(0);
    const { attempts } = await sim.send({ appid: owner.account.appid, via: 'direct', mode: 'safe', message: { MsgType: 'text', Content: '有什么新品吗' } });
    expect(attempts[0]!.status).toBe(200);
    expect(attempts[0]!.reply?.['MsgType']).not.toBe('news');
  });

  it('never put the session token in a URL', () => {
    tab.assertNoTokenInUrls();
  });
});
