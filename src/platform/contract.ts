import * as z from 'zod';
import { okBody, OkOnly } from '../core/http/outputs';
import { MpVerifyFileText } from '../accounts/contract';
import { MpVerifyFileInput } from '../accounts/settings-inputs';
import { AccountOnlyInput, GroupInput, ListQrcodesInput, GroupNameInput, GroupUsersInput, MoveInput, OpenidInput, RemarkInput, RenameGroupInput } from './inputs';
import { JsticketInput, QrcodeInput, WebauthInput } from './web-inputs';
import { ErrorCode as E } from '../core/errors';
import type { ContractSpec } from '../core/contract';
import type { platformRoutes } from './routes';

/** Answers of the platform endpoints (web OAuth, JSSDK, QR codes, followers, groups). */

export const WebauthOutput = okBody({ openid: z.string(), unionid: z.string().optional() }).catchall(z.unknown()).meta({
  description: 'with `code` and no `redirect`: the openid (and the userinfo fields WeChat gave, for snsapi_userinfo)',
});

const h5Secret = z.object({ secret: z.string().meta({ description: '64 hex characters; the HMAC key is these characters as UTF-8 (docs/h5-signature.md)' }), createdAt: z.string() });

export const H5SecretsOutput = okBody({
  current: h5Secret.meta({ description: 'signs every hand-off to the account\'s H5 pages' }),
  previous: h5Secret.optional().meta({ description: 'still valid for verifying until the next rotation' }),
});

export const JsticketOutput = okBody({
  appid: z.string(),
  nonceStr: z.string(),
  timestamp: z.number().int(),
  signature: z.string().meta({ description: 'sha1 of jsapi_ticket, noncestr, timestamp and url (without #…)' }),
});

export const QrcodeOutput = okBody({
  qrcodeUrl: z.string(),
  ticket: z.string(),
  url: z.string(),
  expire_seconds: z.number().int().nullable().meta({ description: 'null for a permanent code' }),
});

export const ListQrcodesOutput = okBody({
  qrcodes: z.array(
    z.object({
      scene: z.string(),
      action: z.string().optional().meta({ description: 'absent for a scene scanned but not made here (a code from WeChat’s back office)' }),
      qrcodeUrl: z.string().optional(),
      url: z.string().optional(),
      expireSeconds: z.number().int().optional(),
      createdAt: z.string().optional(),
      expiresAt: z.string().optional().meta({ description: 'absent for a permanent code' }),
      expired: z.boolean(),
      scans: z.number().int(),
      followers: z.number().int().meta({ description: 'new followers who subscribed through the code' }),
    }),
  ),
});

export const RemarkOutput = OkOnly;

const group = z.object({ id: z.number().int(), name: z.string() });

export const GroupsOutput = okBody({
  groups: z.array(group.extend({ count: z.number().int() })).meta({
    description: '`{id:0, name:"未分组", count}` first (followers in no group: the follower total minus the groups\' counts), then the groups',
  }),
});
export const WhichGroupOutput = okBody({ groupid: z.number().int().meta({ description: '0 = ungrouped' }) });
export const CreateGroupOutput = okBody({ group });
export const GroupChangeOutput = OkOnly;

/**
 * A follower as WeChat still describes them: since 2021 user/info and batchget return no nickname,
 * avatar, gender or region (and mark `language` as no longer provided), so none is promised here.
 */
export const followerProfile = z
  .object({
    openid: z.string(),
    subscribe: z.number().int(),
    remark: z.string(),
    groupid: z.number().int().meta({ description: 'the first tag, 0 when none' }),
    tagid_list: z.array(z.number().int()),
    subscribe_time: z.number().int().nullable().meta({ description: 'epoch seconds of the last subscription' }),
    subscribe_scene: z.string().nullable().meta({ description: 'WeChat\'s channel, e.g. ADD_SCENE_QR_CODE' }),
    qr_scene: z.number().int().nullable(),
    qr_scene_str: z.string().nullable(),
    language: z.string().optional().meta({ description: 'only when WeChat still sends it' }),
    unionid: z.string().optional().meta({ description: 'when the account is bound to an open-platform account' }),
  })
  .meta({ description: 'what WeChat returns today; nickname, avatar, gender and region are no longer available' });

export const GroupUsersOutput = okBody({ users: z.array(followerProfile), next: z.string().optional() });

/** The contract of this area's routes: the schema each handler validates with, its answer, the errcodes beyond every route's own (lib/contract.ts adds those). */
export const platformContract = {
  'platform.mpVerifyFile': {
    input: MpVerifyFileInput,
    output: z.never(),
    json: false,
    codes: [E.notFound],
    answer: { contentType: 'text/plain', schema: MpVerifyFileText, description: 'the code WeChat checks (also served at /MP_verify_<code>.txt)' },
  },
  'platform.webauth': {
    input: WebauthInput,
    output: WebauthOutput,
    codes: [E.forbidden, E.notFound],
    redirect: "without `code`: to WeChat's authorize page; with `code` and a `redirect` given at the start: to it, the result in its query",
  },
  'platform.h5Secrets': { input: AccountOnlyInput, output: H5SecretsOutput, account: true },
  'platform.rotateH5Secret': { input: AccountOnlyInput, output: H5SecretsOutput, account: true },
  'platform.jsticket': { input: JsticketInput, output: JsticketOutput, codes: [E.forbidden, E.notFound] },
  'platform.qrcode': { input: QrcodeInput, output: QrcodeOutput, account: true, aliases: { senseld: 'sceneId' } },
  'platform.listQrcodes': { input: ListQrcodesInput, output: ListQrcodesOutput, account: true },
  'followers.updateRemark': { input: RemarkInput, output: RemarkOutput, account: true },
  'groups.list': { input: AccountOnlyInput, output: GroupsOutput, account: true },
  'groups.which': { input: OpenidInput, output: WhichGroupOutput, account: true },
  'groups.create': { input: GroupNameInput, output: CreateGroupOutput, account: true },
  'groups.update': { input: RenameGroupInput, output: GroupChangeOutput, account: true },
  'groups.delete': { input: GroupInput, output: GroupChangeOutput, account: true },
  'groups.move': { input: MoveInput, output: GroupChangeOutput, account: true },
  'groups.users': { input: GroupUsersInput, output: GroupUsersOutput, account: true },
} as const satisfies Record<keyof typeof platformRoutes, ContractSpec>;
