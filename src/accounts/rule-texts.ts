import { addRuleTexts } from '../core/messages/texts';

/** What errors of authorizing and binding an account, its settings, WeChat refusing its AppID or AppSecret, and account transfers say to a person (src/core/messages/texts.ts: how rules are worded). */
export const accountsRuleTexts = addRuleTexts({
  'settings.verifyNeedsContent': [() => '校验文件的文件名和内容需一起提供（二者都从公众平台下载）', () => "The verification file's name and content come together (both from WeChat's back office)."],
  'settings.nothingToChange': [() => '没有要保存的修改', () => 'Nothing to change.'],
  'settings.verifyFileDirectOnly': [() => '只有直接绑定的公众号需要上传校验文件；已授权的公众号由平台的域名完成校验', () => 'Only directly bound accounts need the verification file; authorized accounts use the platform\'s domain.'],
  'wechat.appidUnknown': [(d) => `微信找不到这个 AppID 的公众号（${d.wxerrcode}）：请到公众平台「设置与开发 › 基本配置」复制`, (d) => `WeChat knows no official account with this AppID (${d.wxerrcode}): copy it from Settings › Basic configuration in WeChat's back office.`],
  'wechat.appsecretRefused': [(d) => `微信拒绝了这个 AppSecret（${d.wxerrcode}）：可能填错了，或复制后已在公众平台重置，请重新获取后再试`, (d) => `WeChat refused this AppSecret (${d.wxerrcode}): it is wrong, or was reset after it was copied; get it again and retry.`],
  'link.transferGone': [() => '这个链接无效或已使用，或公众号的转移已完成或已取消：请登录控制台查看公众号的归属', () => 'This link is unknown or used, or the transfer is done or cancelled already: sign in to see who owns the account.'],
  'authorize.stateUnknown': [() => '这次授权已失效或不存在：请回到控制台重新发起授权', () => 'This authorization is unknown or expired: start it again from the console.'],
  'authorize.otherOrganization': [() => '这次授权是在另一个组织中发起的：请在页头切换到该组织后再完成授权', () => 'This authorization was started in another organization: switch to it in the header, then finish.'],
  'authorize.noPhoneYet': [() => '手机还没有从微信返回：请先在手机上完成授权，再输入手机上显示的 6 位确认码', () => 'The phone has not come back from WeChat yet: finish the authorization on the phone, then type the 6-digit code it shows.'],
  'authorize.codeWrong': [() => '确认码不正确：请输入手机上显示的 6 位确认码', () => 'That is not the code the phone shows: type the 6 digits shown on the phone.'],
  'authorize.tooManyCodes': [() => '确认码输错次数太多，这次授权已作废：请重新发起授权', () => 'Too many wrong codes; this authorization is void: start it again.'],
  'authorize.codeRequired': [() => '缺少微信的授权码：请从微信授权页返回，或输入手机上显示的确认码', () => "WeChat's authorization code is missing: come back from WeChat's page, or type the code the phone shows."],
  'authorize.otherCode': [() => '这次授权正在等待另一个授权码：请回到最初发起授权的页面', () => 'This authorization waits for another code: go back to the page where it started.'],
  'binding.authorizedAlready': [() => '这个公众号已通过第三方平台授权，不能再直接绑定：如需改为直接绑定，请先在「公众号设置」中解除授权', () => 'This account is authorized through the platform already: unbind it in Settings before binding it directly.'],
  'settings.changedMeanwhile': [() => '校验文件刚被另一个请求修改：请刷新设置后再试', () => 'Another request changed the verification file at the same time: reload the settings and try again.'],
});
