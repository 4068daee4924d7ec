import { describe, expect, it } from 'vitest';
import { beijingTime, csvRow, csvStart } from '../../src/audience/export-csv';
import { baseOf, matches } from '../../src/audience/segment-filters';

const counts = { total: 1000, untagged: 500, tags: { '100': 300, '101': 40 }, scenes: { summer: 25 } };
const member = { openid: 'oAbCdEfGhIjKlMnOpQrStUvWxYz0', subscribeTime: 1_700_000_000, remark: '会员甲', tags: [100, 101], qrScene: 'summer', subscribeScene: 'ADD_SCENE_QR_CODE' };

describe('a segment reads its cheapest key', () => {
  it('reads the smallest of its tags and QR scene by the counters, else the remark prefix, else the time range, else everyone', () => {
    expect(baseOf({ tagIds: [100, 101], from: 1 }, counts)).toEqual({ index: 'tag:101' });
    expect(baseOf({ tagIds: [101], scene: 'summer' }, counts)).toEqual({ index: 'scene:summer' });
    expect(baseOf({ remarkPrefix: 'VIP', from: 5 }, counts)).toEqual({ index: 'remark', prefix: 'vip' });
    expect(baseOf({ from: 5, language: 'en' }, counts)).toEqual({ index: 'time', from: '0000000005', to: '9999999999' });
    expect(baseOf({ language: 'en' }, counts)).toEqual({ index: 'time' });
  });

  it('checks every other filter on the entry: all tags, scene, remark prefix (any case), time bounds, channel', () => {
    expect(matches({ tagIds: [100, 101], scene: 'summer', remarkPrefix: '会员', from: 1_699_999_999, to: 1_700_000_000, subscribeScene: 'ADD_SCENE_QR_CODE' }, member)).toBe(true);
    expect(matches({ tagIds: [100, 102] }, member)).toBe(false);
    expect(matches({ scene: 'winter' }, member)).toBe(false);
    expect(matches({ remarkPrefix: '甲' }, member)).toBe(false);
    expect(matches({ to: 1_699_999_999 }, member)).toBe(false);
    expect(matches({ subscribeScene: 'ADD_SCENE_SEARCH' }, member)).toBe(false);
  });
});

describe('the export CSV', () => {
  it('starts with a BOM and the Chinese header, and writes Beijing time', () => {
    expect(csvStart()).toBe('\uFEFFopenid,备注,标签,关注时间,关注渠道,二维码场景,语言\r\n');
    expect(beijingTime(1_700_000_000)).toBe('2023-11-15 06:13:20');
    expect(beijingTime(0)).toBe('');
  });

  // subscribe_scene's values: developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html
  it('names tags, words the channel and the language, quotes a cell with a comma, and defuses a formula', () => {
    const row = csvRow({ ...member, subscribed: true, remark: '=HYPERLINK("x")', language: 'zh_CN' }, new Map([[100, '老客户'], [101, 'A,B']]));
    expect(row).toBe(`${member.openid},"'=HYPERLINK(""x"")","老客户、A,B",2023-11-15 06:13:20,扫描二维码,summer,简体中文\r\n`);
    expect(csvRow({ ...member, subscribed: true, tags: [7], subscribeScene: 'ADD_SCENE_NEW', qrScene: '' }, new Map())).toBe(`${member.openid},会员甲,7,2023-11-15 06:13:20,ADD_SCENE_NEW,,\r\n`);
  });
});
