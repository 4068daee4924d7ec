import type { SimAccount } from './state';

/**
 * WeChat's own test accounts for the open platform's release test (全网发布接入检测): five groups,
 * each an official account and a mini program, one group picked at random per check (groups two
 * to five since 2021-01-18). WeChat authorizes them to every third-party platform by itself and
 * sends their followers' test messages to the platform's message URL.
 * developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/operation/thirdparty/releases_instructions.html
 */
export const releaseTestAccounts: readonly (Pick<SimAccount, 'appid' | 'username'> & { kind: 'officialAccount' | 'miniProgram'; group: number })[] = [
  { group: 1, kind: 'officialAccount', appid: 'wx570bc396a51b8ff8', username: 'gh_3c884a361561' },
  { group: 2, kind: 'officialAccount', appid: 'wx9252c5e0bb1836fc', username: 'gh_c0f28a78b318' },
  { group: 3, kind: 'officialAccount', appid: 'wx8e1097c5bc82cde9', username: 'gh_3f222ed8d140' },
  { group: 4, kind: 'officialAccount', appid: 'wx14550af28c71a144', username: 'gh_26128078e9ab' },
  { group: 5, kind: 'officialAccount', appid: 'wxa35b9c23cfe664eb', username: 'gh_2b3713f184a6' },
  { group: 1, kind: 'miniProgram', appid: 'wxd101a85aa106f53e', username: 'gh_8dad206e9538' },
  { group: 2, kind: 'miniProgram', appid: 'wxc39235c15087f6f3', username: 'gh_905ae9d01059' },
  { group: 3, kind: 'miniProgram', appid: 'wx7720d01d4b2a4500', username: 'gh_393666f1fdf4' },
  { group: 4, kind: 'miniProgram', appid: 'wx05d483572dcd5d8b', username: 'gh_39abb5d4e1b7' },
  { group: 5, kind: 'miniProgram', appid: 'wx5910277cae6fd970', username: 'gh_7818dcb60240' },
];
