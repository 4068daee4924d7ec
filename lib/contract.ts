/**
 * The API contract: for every route of the route table, the zod schema its handler validates with
 * (`input`), the body of its success answer (`output`) and every errcode it may answer. Each area
 * declares its routes' contracts (`src/<area>/contract.ts`); this file adds the errcodes every
 * route of a kind may answer and assembles them. The OpenAPI document (lib/openapi.ts), the docs
 * page and the console's API client derive from this map.
 *
 * Never imported by a Lambda (it pulls every schema of the product, and the answer schemas no
 * handler needs): handlers import their own `inputs.ts`; a test proves each handler validates with
 * exactly the schema listed here.
 */
import type * as z from 'zod';
import { accountsContract } from '../src/accounts/contract';
import { callbackContract } from '../src/callback/contract';
import { contentContract } from '../src/content/contract';
import { audienceContract } from '../src/audience/contract';
import { templatesContract } from '../src/templates/contract';
import type { ContractSpec, RouteContract } from '../src/core/contract';
import { ErrorCode } from '../src/core/errors';
import type { ErrorCodeNumber } from '../src/core/http/outputs';
import { inboxContract } from '../src/inbox/contract';
import { materialsContract } from '../src/materials/contract';
import { menusContract } from '../src/menus/contract';
import { platformContract } from '../src/platform/contract';
import { repliesContract } from '../src/replies/contract';
import { statsContract } from '../src/stats/contract';
import { teamContract } from '../src/team/contract';
import { usersContract } from '../src/users/contract';
import { wechatErrorTable } from '../src/wechat/error-table';
import { routes, type RouteDefinition, type RouteId } from './routes';

export type { ErrorCodeNumber } from '../src/core/http/outputs';
export type { ContractSpec, FileField, RouteContract } from '../src/core/contract';

const E = ErrorCode;

/** What every route of a kind may answer, from its route entry; `extra` adds the route's own. */
const errcodesOf = (route: RouteDefinition, extra: { account?: boolean; codes?: ErrorCodeNumber[] } = {}): ErrorCodeNumber[] => {
  // Every route may be shed or find its storage busy (50300, Retry-After).
  const codes = new Set<ErrorCodeNumber>([E.invalidRequest, E.internal, E.unavailable]);
  if (route.auth) codes.add(E.unauthorized);
  // The endpoint wrapper's role check (the membership read on every request), and 40000 for an
  // organization not named where the user belongs to several.
  if (route.auth && route.organization !== false) codes.add(E.roleForbidden);
  if (route.body === 'form' || route.body === 'multipart' || route.body === 'raw') codes.add(E.payloadTooLarge);
  if (route.body === 'form' || route.body === 'multipart') codes.add(E.unsupportedMediaType);
  if (route.access.wechat) {
    codes.add(E.wechat);
    // WeChat's refusals that are the caller's fault answer as that fault (src/wechat/error-table.ts).
    for (const mapped of Object.values(wechatErrorTable)) codes.add(mapped.errcode as ErrorCodeNumber);
  }
  if (extra.account) [E.forbidden, E.notFound, E.noAccount].forEach((c) => codes.add(c));
  extra.codes?.forEach((c) => codes.add(c));
  return [...codes].sort((a, b) => a - b);
};

const specs = {
  ...usersContract,
  ...accountsContract,
  ...repliesContract,
  ...callbackContract,
  ...platformContract,
  ...materialsContract,
  ...menusContract,
  ...contentContract,
  ...statsContract,
  ...inboxContract,
  ...teamContract,
  ...audienceContract,
  ...templatesContract,
} as const satisfies Record<RouteId, ContractSpec>;

type Specs = typeof specs;

/** A route's contract as published: its spec with the errcodes of its kind added; the schemas keep their own types, so clients are typed from them. */
type Built<C extends ContractSpec> = Omit<C, 'account' | 'codes'> & {
  readonly input: C['input'];
  readonly output: C['output'];
  readonly errcodes: readonly ErrorCodeNumber[];
};

const build = <Id extends RouteId>(id: Id, spec: Specs[Id]): Built<Specs[Id]> => {
  const { account, codes, ...rest } = spec as ContractSpec;
  return { ...rest, errcodes: errcodesOf(routes[id], { ...(account ? { account } : {}), ...(codes ? { codes: [...codes] } : {}) }) } as unknown as Built<Specs[Id]>;
};

export const contract = Object.fromEntries((Object.keys(specs) as RouteId[]).map((id) => [id, build(id, specs[id])])) as {
  readonly [Id in RouteId]: Built<Specs[Id]>;
};

// Every route of the table has its contract, and nothing else has one.
contract satisfies Record<RouteId, RouteContract>;

export type Contract = typeof contract;
/** The validated input of a route (what the handler sees). */
export type RouteInput<Id extends RouteId> = z.output<Contract[Id]['input']>;
/** What a client may send to a route (before defaults and coercion). */
export type RouteRequest<Id extends RouteId> = z.input<Contract[Id]['input']>;
/** The success body of a route. */
export type RouteOutput<Id extends RouteId> = z.output<Contract[Id]['output']>;

export { errorBody, errorTable, okBody, statusOf } from '../src/core/http/outputs';
