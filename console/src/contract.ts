import type { RouteId as AnyRouteId } from '../../lib/routes';
import type { RouteOutput, RouteRequest } from '../../lib/contract';

/**
 * The console's view of the API contract (lib/contract.ts: route id → the zod schema its handler
 * validates with and the schema of its answer). Type-only: nothing here reaches the bundle.
 */
export type RouteId = AnyRouteId;
/** What the console sends (before the schema's defaults and coercion). */
export type Input<R extends RouteId> = RouteRequest<R>;
/** The success answer. */
export type Output<R extends RouteId> = RouteOutput<R>;

export type Rule = Output<'replies.list'>['rules'][number];
export type AccountSummary = Output<'user.me'>['accounts'][number];
export type AccountDetail = Output<'accounts.detail'>['account'];

/** A group as getGroups lists it (id 0 "未分组" first). */
export type Group = Output<'groups.list'>['groups'][number];
/** A follower as WeChat answers today (since 2021 no nickname, avatar, gender or region). */
export type Follower = Output<'groups.users'>['users'][number];
/** What an upload answers. */
export type UploadedMaterial = Output<'materials.upload'>;
