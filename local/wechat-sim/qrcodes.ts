import { perAppid, type SimContext } from './context';
import { json, type Routes } from './reply';
import { hex } from './state';

/**
 * QR codes with parameters (cgi-bin/qrcode/create) and WeChat's limits on them: temporary codes
 * (QR_SCENE, QR_STR_SCENE) live at most 30 days, 60 s when no expire_seconds is given; a permanent
 * numeric scene is 1–100000; a string scene 1–64 bytes. The control API lists the bodies received.
 */
export const QrError = {
  invalidActionInfo: { errcode: 40053, errmsg: 'invalid action info' },
} as const;

const maxExpireSeconds = 2592000;
const defaultExpireSeconds = 60;
const maxPermanentSceneId = 100000;
const maxSceneStrBytes = 64;

const validScene = (action: string, scene: { scene_id?: number; scene_str?: string }): boolean =>
  (action === 'QR_SCENE' && Number.isInteger(scene.scene_id) && scene.scene_id! > 0) ||
  (action === 'QR_LIMIT_SCENE' && Number.isInteger(scene.scene_id) && scene.scene_id! >= 1 && scene.scene_id! <= maxPermanentSceneId) ||
  ((action === 'QR_STR_SCENE' || action === 'QR_LIMIT_STR_SCENE') && !!scene.scene_str && Buffer.byteLength(scene.scene_str, 'utf8') <= maxSceneStrBytes);

export const qrcodes = (ctx: SimContext): Routes => {
  /** qrcode/create bodies as received, per appid (tests read them). */
  const requests = new Map<string, unknown[]>();
  /**
   * The codes issued, per appid: a scan pushes the code's ticket with its scene (the follower panel
   * scans them). Kept across restarts: a printed code stays valid at WeChat whatever our laptop does.
   */
  const issued = perAppid<{ codes: { scene: string; ticket: string; permanent: boolean }[] }>(() => ({ codes: [] }));
  ctx.keepPerAppid('qrcodes', issued);
  return {
    'POST /cgi-bin/qrcode/create': (req) =>
      ctx.accountCall(req, 'cgi-bin/qrcode/create', (appid) => {
        requests.set(appid, [...(requests.get(appid) ?? []), req.body]);
        const action = String(req.body['action_name'] ?? '');
        const scene = (req.body['action_info']?.['scene'] ?? {}) as { scene_id?: number; scene_str?: string };
        const temporary = action === 'QR_SCENE' || action === 'QR_STR_SCENE';
        if (!validScene(action, scene)) return json(QrError.invalidActionInfo);
        const expire = temporary ? Math.min(Number(req.body['expire_seconds'] ?? defaultExpireSeconds), maxExpireSeconds) : undefined;
        const ticket = `gQ${hex(24)}==`;
        issued(appid).codes.push({ scene: String(scene.scene_str ?? scene.scene_id), ticket, permanent: !temporary });
        return json({
          ticket,
          ...(expire !== undefined ? { expire_seconds: expire } : {}),
          url: `http://weixin.qq.com/q/${hex(10)}`,
        });
      }),

    // ---- control API ----
    'GET /__sim/qrcodes': (req) => json({ requests: requests.get(req.query.get('appid') ?? '') ?? [], issued: issued.items.get(req.query.get('appid') ?? '')?.codes ?? [] }),
  };
};
