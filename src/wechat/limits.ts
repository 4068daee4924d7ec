/**
 * WeChat's length limits in WeChat's own unit, checked before WeChat is called so a too-long value
 * is a 40000 naming the field, not a WeChat refusal. WeChat counts UTF-8 bytes (a Chinese character
 * is 3), not characters:
 * - remark: "新的备注名，长度必须小于30字节" (api_updateremark) — under 30 bytes;
 * - tag (group) name: 45158 "标签名长度超过30个字节" (api_createtag; WeChat's staff confirmed UTF-8
 *   bytes on the developer forum) — at most 30 bytes;
 * - QR string scene: "长度限制为1到64" (qrcode/create), counted in bytes like WeChat's other
 *   string limits — at most 64 bytes.
 */
export const wechatLimits = {
  remarkBytesBelow: 30,
  tagNameBytes: 30,
  qrSceneStrBytes: 64,
} as const;

export const utf8Bytes = (value: string): number => Buffer.byteLength(value, 'utf8');
