import * as z from 'zod';
import { CallbackQueryInput, UrlVerificationInput } from './inputs';
import { CallbackMessageXml, EncryptedEnvelopeXml, PassiveReplyXml } from '../wechat/push-schemas';
import { ErrorCode as E } from '../core/errors';
import type { ContractSpec } from '../core/contract';
import type { callbackRoutes } from './routes';

/** The contract of this area's routes: the schema each handler validates with, its answer, the errcodes beyond every route's own (lib/contract.ts adds those). */
export const callbackContract = {
  'callback.verifyUrl': {
    input: UrlVerificationInput,
    output: z.never(),
    json: false,
    codes: [E.forbidden, E.notFound],
    answer: { contentType: 'text/plain', schema: z.string(), description: '`echostr`, echoed under a valid signature' },
  },
  'callback.message': {
    input: CallbackQueryInput,
    output: z.never(),
    json: false,
    codes: [E.forbidden, E.notFound],
    xmlBody: z.union([CallbackMessageXml, EncryptedEnvelopeXml]),
    answer: {
      contentType: 'application/xml',
      schema: PassiveReplyXml,
      description: 'a passive reply (encrypted when the request was), or the plain text `success` when nothing answers',
    },
  },
} as const satisfies Record<keyof typeof callbackRoutes, ContractSpec>;
