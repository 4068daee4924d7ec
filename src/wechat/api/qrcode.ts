import type { CapableAccount } from '../../core/capabilities';
import { callAsAccount } from './account-client';

export type QrAction = 'QR_SCENE' | 'QR_STR_SCENE' | 'QR_LIMIT_SCENE' | 'QR_LIMIT_STR_SCENE';

export const createQrcode = (
  a: CapableAccount,
  body: { action_name: QrAction; expire_seconds?: number; action_info: { scene: { scene_id: number } | { scene_str: string } } },
) => callAsAccount<{ ticket: string; expire_seconds?: number; url: string }>(a, { path: 'cgi-bin/qrcode/create', json: body });
