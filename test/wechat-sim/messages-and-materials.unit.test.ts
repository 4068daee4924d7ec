import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWechatSimulator, type WechatSimulator } from '../../local/wechat-sim';

/**
 * The simulator answers customer-service messages, permanent materials and the back office's menu
 * and auto-replies as today's WeChat does (a private instance, no local stack).
 */
const component = { appid: 'wxc0000000000thirdp', secret: 'c'.repeat(32), token: 'simToken', aesKey: 'a'.repeat(43) };
let simulator: WechatSimulator;

beforeAll(async () => {
  simulator = await startWechatSimulator({ port: 0, component });
});
afterAll(() => simulator.stop());

const request = async (method: string, path: string, body?: unknown) =>
  (await (await fetch(`${simulator.url}${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) })).json()) as any;
const post = (path: string, body: unknown) => request('POST', path, body);

/** A new account, its access token, and a follower who just wrote (the 48-hour window is open). */
const accountWithFollower = async () => {
  const account = await post('/__sim/accounts', {});
  const { access_token } = await request('GET', `/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.secret}`);
  await post('/__sim/follower/interaction', { appid: account.appid, openid: 'oFollower1' });
  return { account, token: access_token as string };
};

const addMaterial = async (token: string, type: string, file: Buffer, filename: string, description?: string) => {
  const form = new FormData();
  form.append('media', new Blob([file]), filename);
  if (description !== undefined) form.append('description', description);
  return (await (await fetch(`${simulator.url}/cgi-bin/material/add_material?access_token=${token}&type=${type}`, { method: 'POST', body: form })).json()) as any;
};
const gif = (size: number) => Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(size - 6, 1)]);
const bmp = (size: number) => Buffer.concat([Buffer.from('BM', 'latin1'), Buffer.alloc(size - 2, 2)]);
const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypisom'), Buffer.alloc(500)]);
const mp3 = Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.alloc(500)]);
const MB = 1024 * 1024;

describe('customer-service messages', () => {
  // 客服消息 (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html):
  // video takes media_id (title and description optional); music takes musicurl and hqmusicurl, and is sent without a thumb.
  it('accepts music and video without a thumb, and still refuses a thumb that does not exist', async () => {
    const { account, token } = await accountWithFollower();
    const video = await addMaterial(token, 'video', mp4, 'clip.mp4', JSON.stringify({ title: 'Clip', introduction: '' }));
    const send = (body: object) => post(`/cgi-bin/message/custom/send?access_token=${token}`, { touser: 'oFollower1', ...body });

    const music = await send({ msgtype: 'music', music: { title: '歌', description: '', musicurl: 'https://music.example.com/a.mp3', hqmusicurl: 'https://music.example.com/a.mp3' } });
    const videoNoThumb = await send({ msgtype: 'video', video: { media_id: video.media_id, title: 'Clip' } });
    const badThumb = await send({ msgtype: 'music', music: { title: '歌', musicurl: 'https://music.example.com/a.mp3', hqmusicurl: 'https://music.example.com/a.mp3', thumb_media_id: 'nope' } });
    const noUrl = await send({ msgtype: 'music', music: { title: '歌' } });

    expect(music).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(videoNoThumb).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(badThumb).toMatchObject({ errcode: 40007 });
    expect(noUrl).toMatchObject({ errcode: 40048 });
    const received = await request('GET', `/__sim/follower/received?appid=${account.appid}&openid=oFollower1`);
    expect(received.messages.map((m: { msgtype: string }) => m.msgtype)).toEqual(['music', 'video']);
  });
});

describe('permanent materials', () => {
  // 上传永久素材 (https://developers.weixin.qq.com/doc/service/api/material/permanent/api_addmaterial.html):
  // "图片（image）: 10M，支持bmp/png/jpeg/jpg/gif格式"; description (title, introduction) 否 (optional);
  // "图文消息素材、图片素材上限为100000，其他类型为1000".
  it('takes a 5 MB gif and a bmp as images, refuses an image over 10 MB, and takes a video without a title', async () => {
    const { token } = await accountWithFollower();

    const fiveMbGif = await addMaterial(token, 'image', gif(5 * MB), 'banner.gif');
    const bitmap = await addMaterial(token, 'image', bmp(1000), 'old.bmp');
    const exactlyTen = await addMaterial(token, 'image', gif(10 * MB), 'ten.gif');
    const overTen = await addMaterial(token, 'image', gif(10 * MB + 1), 'big.gif');
    const untitled = await addMaterial(token, 'video', mp4, 'clip.mp4');
    const introOnly = await addMaterial(token, 'video', mp4, 'clip.mp4', JSON.stringify({ introduction: '只有简介' }));
    const brokenDescription = await addMaterial(token, 'video', mp4, 'clip.mp4', '{not json');

    expect(fiveMbGif).toMatchObject({ media_id: expect.any(String), url: expect.any(String) });
    expect(bitmap).toMatchObject({ media_id: expect.any(String) });
    expect(exactlyTen).toMatchObject({ media_id: expect.any(String) });
    expect(overTen).toEqual({ errcode: 40006, errmsg: 'invalid meida size' });
    expect(untitled).toMatchObject({ media_id: expect.any(String) });
    expect(introOnly).toMatchObject({ media_id: expect.any(String) });
    expect(brokenDescription).toMatchObject({ errcode: 40200 });
  });

  it('stops at WeChat\'s caps: 100,000 images (thumbs count with them), 1,000 of each other type', async () => {
    const { account, token } = await accountWithFollower();
    await post('/__sim/materials/fill', { appid: account.appid, type: 'image', count: 99_999 });
    await post('/__sim/materials/fill', { appid: account.appid, type: 'voice', count: 999 });

    const lastImage = await addMaterial(token, 'image', gif(100), 'last.gif');
    const imageOverCap = await addMaterial(token, 'image', gif(100), 'one-more.gif');
    const lastVoice = await addMaterial(token, 'voice', mp3, 'last.mp3');
    const voiceOverCap = await addMaterial(token, 'voice', mp3, 'one-more.mp3');
    const videoStillFine = await addMaterial(token, 'video', mp4, 'clip.mp4');

    expect(lastImage).toMatchObject({ media_id: expect.any(String) });
    expect(imageOverCap).toMatchObject({ errcode: 45110 });
    expect(lastVoice).toMatchObject({ media_id: expect.any(String) });
    expect(voiceOverCap).toMatchObject({ errcode: 45110 });
    expect(videoStillFine).toMatchObject({ media_id: expect.any(String) });
  });
});

describe("the back office's menu and auto-replies", () => {
  // 查询自定义菜单信息 (https://developers.weixin.qq.com/doc/service/api/custommenu/api_getcurrentselfmenuinfo.html)
  it('lists a back-office menu that menu/get does not know, and an API menu once one replaces it', async () => {
    const { account, token } = await accountWithFollower();
    await request('PUT', '/__sim/back-office/menu', { appid: account.appid, button: [{ type: 'text', name: '营业时间', value: '9–21' }] });

    const backOffice = await request('GET', `/cgi-bin/get_current_selfmenu_info?access_token=${token}`);
    const menuGet = await request('GET', `/cgi-bin/menu/get?access_token=${token}`);
    await post(`/cgi-bin/menu/create?access_token=${token}`, { button: [{ type: 'click', name: '今日', key: 'TODAY' }, { name: '更多', sub_button: [{ type: 'view', name: '官网', url: 'https://shop.example.com/' }] }] });
    const api = await request('GET', `/cgi-bin/get_current_selfmenu_info?access_token=${token}`);

    expect(backOffice).toEqual({ is_menu_open: 1, selfmenu_info: { button: [{ type: 'text', name: '营业时间', value: '9–21' }] } });
    expect(menuGet).toMatchObject({ errcode: 46003 });
    expect(api).toEqual({
      is_menu_open: 1,
      selfmenu_info: { button: [{ type: 'click', name: '今日', key: 'TODAY' }, { name: '更多', sub_button: { list: [{ type: 'view', name: '官网', url: 'https://shop.example.com/' }] } }] },
    });
  });

  // 获取自动回复规则 (https://developers.weixin.qq.com/doc/service/api/notify/autoreplies/api_getcurrentautoreplyinfo.html)
  it('answers the back office\'s auto-replies, both switches off when none were set', async () => {
    const { account, token } = await accountWithFollower();
    const none = await request('GET', `/cgi-bin/get_current_autoreply_info?access_token=${token}`);
    await request('PUT', '/__sim/back-office/autoreply', { appid: account.appid, is_add_friend_reply_open: 1, add_friend_autoreply_info: { type: 'text', content: '感谢关注' } });
    const set = await request('GET', `/cgi-bin/get_current_autoreply_info?access_token=${token}`);
    const badToken = await request('GET', '/cgi-bin/get_current_autoreply_info?access_token=nope');

    expect(none).toEqual({ is_add_friend_reply_open: 0, is_autoreply_open: 0 });
    expect(set).toEqual({ is_add_friend_reply_open: 1, is_autoreply_open: 0, add_friend_autoreply_info: { type: 'text', content: '感谢关注' } });
    expect(badToken).toMatchObject({ errcode: 40001 });
  });
});
