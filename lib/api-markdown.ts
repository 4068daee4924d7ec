/**
 * `docs/api.md`: the API reference as Markdown, generated from the same OpenAPI document (so from
 * the route table and the handlers' schemas). `npm run docs` rewrites it; a test fails when the
 * committed file and the code disagree.
 */
import { errorTable } from './contract';
import { openApiDocument } from './openapi';
import { routeList, scheduled, workers } from './routes';

type Schema = Record<string, any>;

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The anchor GitHub gives a `### METHOD \`path\`` heading: lower case, punctuation dropped, spaces as dashes. */
const anchor = (heading: string) => heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');

type Route = (typeof routeList)[number];

/** Read as optional so this compiles before and after route entries declare the role they need. */
const roleOf = (route: Route): string => ('role' in route ? String(route.role) : '');

const limitsOf = (route: Route): string =>
  [
    route.throttle ? `${route.throttle.rate}/s, burst ${route.throttle.burst}` : '',
    route.reservedConcurrency !== undefined ? `reserved concurrency ${route.reservedConcurrency}` : '',
  ]
    .filter(Boolean)
    .join('; ');

/**
 * Every route on one screen, then the functions no route reaches. Generated like the rest, so no
 * hand-kept list (README, docs) can drift from the route table.
 */
const routeIndex = (): string[] => {
  const withRole = routeList.some((route) => roleOf(route) !== '');
  return [
    '## Route index',
    '',
    `${routeList.length} routes, in the route table's order. "auth": \`session\` when the route needs the session token${withRole ? '; "role": the team role it needs' : ''}; "limits": the route's own API Gateway throttle (independent of the stage's default: tighter for what an attacker would hammer, wider for WeChat's pushes), and reserved concurrency (applied only when deployed with \`-c reservedConcurrency=true\`: docs/deploy.md).`,
    '',
    `| method | path | route id | handler | auth |${withRole ? ' role |' : ''} limits |`,
    `|---|---|---|---|---|${withRole ? '---|' : ''}---|`,
    ...routeList.map((route) => {
      const heading = `${route.method} \`${route.path}\``;
      return `| ${route.method} | [\`${route.path}\`](#${anchor(heading)}) | \`${route.id}\` | \`${route.handler}\` | ${route.auth ? 'session' : ''} |${withRole ? ` ${roleOf(route)} |` : ''} ${limitsOf(route)} |`;
    }),
    '',
    'Not reached by a route:',
    '',
    '| function | handler | runs |',
    '|---|---|---|',
    ...Object.entries(scheduled).map(([id, s]) => `| \`scheduled.${id}\` | \`${s.handler}\` | EventBridge, \`${s.schedule}\` |`),
    ...Object.entries(workers).map(([id, w]) => `| \`workers.${id}\` | \`${w.handler}\` | SQS queue \`${id}\` (\`${w.queueUrlVariable}\`) |`),
    '',
  ];
};

/** `{type: "text", content, title?}`: const values shown, optional fields marked, aliases left out. */
const objectShape = (s: Schema): string => {
  const required: string[] = s['required'] ?? [];
  const fields = Object.entries<Schema>(s['properties'])
    .filter(([, p]) => !p['deprecated'])
    .map(([name, p]) => {
      const value = p['const'] !== undefined ? `: ${JSON.stringify(p['const'])}` : p['type'] === 'object' && p['properties'] ? `: ${objectShape(p)}` : '';
      return `${name}${required.includes(name) ? '' : '?'}${value}`;
    });
  return `{${fields.join(', ')}}`;
};

/** A schema in a few words: type, bounds, allowed values, default. */
const describe = (s: Schema): string => {
  if (!s || Object.keys(s).length === 0) return 'any';
  const choice = s['anyOf'] ?? s['oneOf'];
  if (choice) return choice.map(describe).join(' or ');
  const parts: string[] = [];
  if (s['const'] !== undefined) parts.push(`\`${JSON.stringify(s['const'])}\``);
  else if (s['enum']) parts.push(s['enum'].map((v: unknown) => `\`${String(v)}\``).join(', '));
  else if (s['type'] === 'array') parts.push(`list of ${describe(s['items'] ?? {})}${s['maxItems'] !== undefined ? ` (≤ ${s['maxItems']})` : ''}`);
  else if (s['type'] === 'object') parts.push(s['properties'] ? objectShape(s) : 'object');
  else if (s['format'] === 'binary') parts.push('file');
  else parts.push(String(s['type'] ?? 'any'));
  if (s['minLength'] !== undefined || s['maxLength'] !== undefined) parts.push(`${s['minLength'] ?? 0}–${s['maxLength'] ?? '∞'} chars`);
  if (s['minimum'] !== undefined && s['minimum'] > -1e15) parts.push(`≥ ${s['minimum']}`);
  if (s['maximum'] !== undefined && s['maximum'] < 1e15) parts.push(`≤ ${s['maximum']}`);
  if (s['pattern']) parts.push(`pattern \`${s['pattern']}\``);
  if (s['format'] && s['format'] !== 'binary') parts.push(s['format']);
  if (s['default'] !== undefined) parts.push(`default \`${JSON.stringify(s['default'])}\``);
  return parts.join(', ');
};

const fieldRows = (props: Record<string, Schema>, required: string[], where: string) =>
  Object.entries(props).map(
    ([name, s]) =>
      `| \`${name}\` | ${where} | ${required.includes(name) ? 'yes' : ''} | ${cell(describe(s))} | ${cell(
        [s['deprecated'] ? 'deprecated alias' : '', s['description'] ?? ''].filter(Boolean).join(': '),
      )} |`,
  );

export const apiMarkdown = (): string => {
  const doc = openApiDocument() as any;
  const out: string[] = [
    '# socialinzen API reference',
    '',
    '<!-- Generated by `npm run docs` from lib/routes.ts and lib/contract.ts (the handlers\' own zod schemas). Do not edit by hand. -->',
    '',
    'Every POST takes `application/json` or `application/x-www-form-urlencoded` alike (a nested field may be a JSON',
    'string inside a form field); uploads take `multipart/form-data`. The session token travels as `?access_token=`',
    'or `Authorization: Bearer`. Success is `{"errcode":0,"msg":"ok",...}`; a failure has its HTTP status and',
    '`{"errcode":N,"msg":"field: what is wrong"}`. Query parameters and body fields are merged (path parameters win).',
    'The interactive version of this page is `/docs` on a running server; the OpenAPI 3.1 document is `/openapi.json`.',
    '',
    ...routeIndex(),
    '## Error codes',
    '',
    '| errcode | HTTP | meaning |',
    '|---|---|---|',
    ...errorTable.map((e) => `| ${e.errcode} | ${e.status} | ${cell(e.meaning)} |`),
    '',
    '## Routes',
    '',
  ];
  for (const route of routeList) {
    const op = doc.paths[route.path][route.method.toLowerCase()];
    out.push(`### ${route.method} \`${route.path}\``, '', `${route.summary}. Route \`${route.id}\`, handler \`${route.handler}\`; ${route.auth ? 'needs the session' : 'no session'}.`, '');
    const rows: string[] = [];
    for (const p of op.parameters) rows.push(...fieldRows({ [p.name]: { ...p.schema, description: p.description, deprecated: p.deprecated } }, p.required ? [p.name] : [], p.in));
    const content = op.requestBody?.content ?? {};
    const media = Object.keys(content);
    const body = content['multipart/form-data'] ?? content['application/json'] ?? content['text/xml'];
    if (body && !content['text/xml']) rows.push(...fieldRows(body.schema.properties ?? {}, body.schema.required ?? [], 'body'));
    if (rows.length) out.push('| field | in | required | value | note |', '|---|---|---|---|---|', ...rows, '');
    if (op['x-aliases']) {
      out.push(`Seed spellings accepted: ${Object.entries<string>(op['x-aliases']).map(([alias, name]) => `\`${alias}\` = \`${name}\``).join(', ')}.`, '');
    }
    if (content['text/xml']) {
      const xml = body.schema;
      const shapes = (xml.anyOf ?? [xml]) as Schema[];
      out.push(`Body: XML (${media.map((m) => `\`${m}\``).join(', ')}), ${shapes.map((s) => `\`<xml>\` with ${Object.keys(s['properties']).map((k) => `\`${k}\``).join(', ')} (${s['description'] ?? ''})`).join('; or ')}.`, '');
    } else if (media.length) {
      out.push(`Body: ${media.map((m) => `\`${m}\``).join(', ')}.`, '');
    }
    const answers: string[] = [];
    for (const [status, r] of Object.entries<any>(op.responses)) {
      if (status === '200') {
        const [type, c] = Object.entries<any>(r.content ?? {})[0] ?? [];
        const props = c?.schema?.properties ? Object.keys(c.schema.properties).filter((k) => k !== 'errcode' && k !== 'msg') : [];
        answers.push(`- 200 (${type}): ${type === 'application/json' ? `\`{errcode: 0, msg${props.map((p) => `, ${p}`).join('')}}\`` : r.description}`);
      } else if (status === '302') {
        answers.push(`- 302: ${r.description}`);
      }
    }
    answers.push(`- errors: ${op['x-errcodes'].join(', ')}`);
    out.push('Answers:', '', ...answers, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
};
