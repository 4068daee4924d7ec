// zod/mini, not classic zod: classic zod was about 90 KB of each menus.* bundle (README, "Cold
// start"). Same checks, messages and JSON Schema as before.
import * as z from 'zod/mini';
import { preprocess, xmlText } from '../core/http/schemas-mini';
import './rule-texts';

/**
 * WeChat's custom menu (自定义菜单) as cgi-bin/menu/create takes it, with WeChat's limits checked
 * here, in WeChat's units, before WeChat is asked: 1–3 top-level buttons, 1–5 under each; names
 * in UTF-8 bytes (top 16, sub 60), key ≤ 128 bytes, url ≤ 1024 bytes. Each problem names its
 * button path (`button[1].sub_button[3].name`). Today's WeChat takes these twelve types; the old
 * `view_limited` is gone (article_view_limited replaced it).
 */
export { buttonTypes, keyedTypes, menuLimits, requiredFields, type ButtonType, type LeafField } from './button-types';
import { buttonTypes, keyedTypes, menuLimits, requiredFields, type ButtonType } from './button-types';


export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

const text = (...checks: z.core.$ZodCheck<string>[]) => z.string().check(z.trim(), ...checks);

/** The fields a leaf button may carry; which ones it needs depends on its type. */
const leafFields = {
  type: z.optional(z.enum(buttonTypes)),
  name: text(z.minLength(1), xmlText()),
  key: z.optional(text(z.minLength(1))),
  url: z.optional(text(z.minLength(1))),
  appid: z.optional(text(z.regex(/^wx[0-9A-Za-z]{16}$/, 'format.miniAppid'))),
  pagepath: z.optional(text(z.minLength(1), z.maxLength(1024))),
  media_id: z.optional(text(z.minLength(1), z.maxLength(128))),
  article_id: z.optional(text(z.minLength(1), z.maxLength(128))),
};

const subButton = z.object({
  ...leafFields,
  // menu/get answers an empty sub_button on every leaf; anything in it would be a third level.
  sub_button: z.optional(z.array(z.unknown()).check(z.maxLength(0, 'menu.twoLevels'))),
});

const topButton = z.object({
  ...leafFields,
  sub_button: z.optional(z.array(subButton).check(z.maxLength(menuLimits.subButtons))),
});

export type SubButton = z.infer<typeof subButton>;
export type TopButton = z.infer<typeof topButton>;
export type MenuButton = TopButton | SubButton;

/** A problem of a menu: `message` is a rule of src/core/messages/texts.ts, `params` its numbers. */
type Issue = { path: (string | number)[]; message: string; params?: { limit: number; given: number } };

const checkLeaf = (button: SubButton, path: (string | number)[], nameBytes: number): Issue[] => {
  const issues: Issue[] = [];
  if (utf8Bytes(button.name) > nameBytes) {
    issues.push({ path: [...path, 'name'], message: 'maxBytes', params: { limit: nameBytes, given: utf8Bytes(button.name) } });
  }
  if (!button.type) return [...issues, { path: [...path, 'type'], message: 'required' }];
  for (const field of requiredFields[button.type]) {
    if (button[field] === undefined) issues.push({ path: [...path, field], message: 'required' });
  }
  if (button.key !== undefined && utf8Bytes(button.key) > menuLimits.keyBytes) {
    issues.push({ path: [...path, 'key'], message: 'maxBytes', params: { limit: menuLimits.keyBytes, given: utf8Bytes(button.key) } });
  }
  if (button.url !== undefined) {
    if (utf8Bytes(button.url) > menuLimits.urlBytes) {
      issues.push({ path: [...path, 'url'], message: 'maxBytes', params: { limit: menuLimits.urlBytes, given: utf8Bytes(button.url) } });
    } else if (!/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(button.url)) {
      issues.push({ path: [...path, 'url'], message: 'httpUrl' });
    }
  }
  return issues;
};

/** Every problem of a menu, in button order (paths relative to `button`); empty when WeChat would take it. */
export const menuIssues = (buttons: TopButton[]): Issue[] =>
  buttons.flatMap((button, i) => {
    const path: (string | number)[] = [i];
    const subs = button.sub_button ?? [];
    if (subs.length === 0) return checkLeaf(button, path, menuLimits.topNameBytes);
    const issues: Issue[] = [];
    if (button.type !== undefined) {
      issues.push({ path: [...path, 'type'], message: 'menu.parentHasNoType' });
    }
    if (utf8Bytes(button.name) > menuLimits.topNameBytes) {
      issues.push({ path: [...path, 'name'], message: 'maxBytes', params: { limit: menuLimits.topNameBytes, given: utf8Bytes(button.name) } });
    }
    return [...issues, ...subs.flatMap((sub, j) => checkLeaf(sub, [...path, 'sub_button', j], menuLimits.subNameBytes))];
  });

/** JSON inside a form field (SPEC §3) is read as JSON. */
const jsonField = (value: unknown) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

export const menuButtons = preprocess(
  jsonField,
  z.array(topButton).check(
    z.minLength(1, 'minItems'),
    z.maxLength(menuLimits.topButtons),
    z.superRefine((buttons, ctx) => {
      for (const issue of menuIssues(buttons)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, ...(issue.params ? { params: issue.params } : {}) });
    }),
  ),
);

/**
 * Personalised-menu conditions. Today's WeChat matches on the follower's tag and client platform
 * only: since its privacy change it refuses sex, region and language with 65320, so they are
 * refused here before WeChat is called.
 */
const privacyFields = ['sex', 'country', 'province', 'city', 'language'] as const;

export const matchRule = preprocess(
  jsonField,
  z.pipe(
    z
      .object({
        tag_id: z.optional(z.pipe(z.union([z.number().check(z.int(), z.gte(0)), text(z.regex(/^\d{1,10}$/, 'format.digits'))]), z.transform(String))),
        client_platform_type: z.optional(
          z.pipe(z.union([z.literal(1), z.literal(2), z.literal(3), z.enum(['1', '2', '3'])], { error: 'menu.platform' }), z.transform(String)),
        ),
        ...Object.fromEntries(privacyFields.map((f) => [f, z.optional(z.unknown())])),
      })
      .check(
        z.superRefine((rule, ctx) => {
          for (const field of privacyFields) {
            const value = (rule as Record<string, unknown>)[field];
            if (value !== undefined && value !== '') {
              ctx.addIssue({
                code: 'custom',
                path: [field],
                message: 'menu.privacyMatch',
              });
            }
          }
          if (rule.tag_id === undefined && rule.client_platform_type === undefined) {
            ctx.addIssue({ code: 'custom', path: [], message: 'menu.matchNeedsOne' });
          }
        }),
      ),
    z.transform(({ tag_id, client_platform_type }) => ({
      ...(tag_id === undefined ? {} : { tag_id }),
      ...(client_platform_type === undefined ? {} : { client_platform_type }),
    })),
  ),
);
export type MatchRule = z.infer<typeof matchRule>;

/** Distinct hosts the menu's links lead to (WeChat allows personalised menus 3 at most). */
export const linkDomains = (buttons: TopButton[]): Set<string> => {
  const hosts = new Set<string>();
  for (const b of buttons.flatMap((top) => [top, ...(top.sub_button ?? [])])) {
    if (b.url && (b.type === 'view' || b.type === 'miniprogram')) hosts.add(new URL(b.url).hostname.toLowerCase());
  }
  return hosts;
};
