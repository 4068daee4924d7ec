import { config } from '../core/config';
import type { Account } from '../core/data/accounts';
import { ValidationError } from '../core/errors';
import { createQrcode, type QrAction } from '../wechat/api/qrcode';
import { utf8Bytes, wechatLimits } from '../wechat/limits';
import './rule-texts';

/**
 * QR codes with a scene (SPEC §4): temporary when `expire` is given (≤ 30 days), permanent
 * otherwise (integer scenes 1–100000, string scenes 1–64 characters). Pure choice of WeChat's
 * action, checked before WeChat is called.
 */
export const maxExpireSeconds = 2_592_000;

export const qrRequest = (scene: number | string, expire: number | undefined) => {
  const isInt = typeof scene === 'number';
  if (isInt && (!Number.isInteger(scene) || scene < 1 || scene > (expire === undefined ? 100_000 : 4_294_967_295))) {
    const limit = expire === undefined ? 100_000 : 4_294_967_295;
    throw new ValidationError(
      expire === undefined ? 'sceneId: a permanent QR code takes 1–100000' : 'sceneId: a temporary QR code takes a positive 32-bit integer',
      { problem: { field: 'sceneId', rule: expire === undefined ? 'qr.permanentScene' : 'qr.temporaryScene', limit, given: scene } },
    );
  }
  if (!isInt && (scene.length < 1 || utf8Bytes(scene) > wechatLimits.qrSceneStrBytes)) {
    throw new ValidationError('sceneId: a string scene takes 1–64 bytes (UTF-8, WeChat\'s unit)', {
      problem: { field: 'sceneId', rule: scene.length < 1 ? 'required' : 'maxBytes', limit: wechatLimits.qrSceneStrBytes, given: utf8Bytes(scene) },
    });
  }
  if (expire !== undefined && (!Number.isInteger(expire) || expire < 60 || expire > maxExpireSeconds)) {
    throw new ValidationError(`expire: seconds from 60 to ${maxExpireSeconds}`, { problem: { field: 'expire', rule: 'qr.expire', limit: maxExpireSeconds, given: expire } });
  }
  const action: QrAction = expire === undefined ? (isInt ? 'QR_LIMIT_SCENE' : 'QR_LIMIT_STR_SCENE') : isInt ? 'QR_SCENE' : 'QR_STR_SCENE';
  return {
    action_name: action,
    ...(expire === undefined ? {} : { expire_seconds: expire }),
    action_info: { scene: isInt ? { scene_id: scene } : { scene_str: scene } },
  };
};

export const createSceneQrcode = async (account: Account, scene: number | string, expire: number | undefined) => {
  const result = await createQrcode(account, qrRequest(scene, expire));
  return {
    qrcodeUrl: `${config.wechatMpBase}/cgi-bin/showqrcode?ticket=${encodeURIComponent(result.ticket)}`,
    ticket: result.ticket,
    url: result.url,
    expire_seconds: result.expire_seconds ?? null,
  };
};
