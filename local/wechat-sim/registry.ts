import { autoreply } from './autoreply';
import { component } from './component';
import { content } from './content';
import type { SimContext } from './context';
import { control } from './control';
import { datacube } from './datacube';
import { materialGet } from './material-get';
import { materials } from './materials';
import { menus } from './menus';
import { messages } from './messages';
import { oauth } from './oauth';
import { panel } from './panel';
import { qrcodes } from './qrcodes';
import { quota } from './quota';
import type { Handler, Routes } from './reply';
import { templates } from './templates';
import { tokens } from './tokens';
import { users } from './users';

/**
 * The simulator's API areas. Each is a module that, given the shared context (context.ts: state,
 * per-appid stores, the gate and credential checks), returns its routes `"<METHOD> <path>" →
 * handler`, WeChat's paths and its own /__sim/ control routes, and keeps that area's limits and
 * errcodes beside them.
 *
 * Adding an area (drafts and publishing, mass and templates, data…): write `<area>.ts` exporting
 * `(ctx: SimContext) => Routes`, and add it to this list. Nothing else changes; a path registered
 * twice stops the simulator at start.
 */
export const areas: ((ctx: SimContext) => Routes)[] = [
  tokens,
  component,
  messages,
  menus,
  autoreply,
  users,
  materials,
  materialGet,
  content,
  templates,
  qrcodes,
  datacube,
  oauth,
  quota,
  control,
  panel,
];

/** All areas' routes for one simulator instance (each area's state lives as long as it). */
export const routeTable = (ctx: SimContext): Map<string, Handler> => {
  const table = new Map<string, Handler>();
  for (const area of areas) {
    for (const [route, handler] of Object.entries(area(ctx))) {
      if (table.has(route)) throw new Error(`wechat-sim: ${route} is registered by two areas`);
      table.set(route, handler);
    }
  }
  return table;
};
