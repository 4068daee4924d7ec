/**
 * The OpenAPI 3.1 document, generated from the route table (method, path, session, body kind) and
 * the contract (the handlers' own zod schemas, via zod's `z.toJSONSchema`). Nothing here is written
 * by hand but the prose; `npm test` checks the document covers every route and validates as
 * OpenAPI 3.1, and that samples built from it pass the real handlers.
 */
import * as z from 'zod';
import { contract, errorBody, errorTable, statusOf, type ErrorCodeNumber, type RouteContract } from './contract';
import { routeList, type RouteDefinition, type RouteId } from './routes';

type JsonSchema = Record<string, unknown>;

export interface OpenApiOptions {
  /** The API's base URL (`servers[0].url`); relative `/` by default, so the docs page calls its own origin. */
  serverUrl?: string;
  version?: string;
}

const toSchema = (schema: z.core.$ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  return json;
};

const pathParams = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** The seed's spellings: an alias property beside its name, marked deprecated; a value alias noted on its enum. */
const addAliases = (schema: JsonSchema, aliases: Readonly<Record<string, string>>): void => {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const n = node as JsonSchema;
    const props = n['properties'] as Record<string, JsonSchema> | undefined;
    if (props) {
      for (const [alias, name] of Object.entries(aliases)) {
        if (props[name] && !props[alias]) {
          const { default: _d, ...rest } = props[name]!;
          props[alias] = { ...rest, deprecated: true, description: `the seed's spelling of \`${name}\` (accepted; \`${name}\` wins when both are sent)` };
        }
      }
    }
    const values = n['enum'] as unknown[] | undefined;
    if (values) {
      const noted = Object.entries(aliases).filter(([alias, name]) => values.includes(alias) && values.includes(name));
      if (noted.length) n['description'] = noted.map(([alias, name]) => `\`${alias}\` is the seed's spelling of \`${name}\``).join('; ');
    }
    Object.values(n).forEach(visit);
  };
  visit(schema);
};

/** The request's fields as the handler validates them, with second-stage fields and aliases spelled out. */
const fieldsSchema = (c: RouteContract): JsonSchema => {
  const schema = toSchema(c.input, 'input');
  const props = (schema['properties'] ??= {}) as Record<string, JsonSchema>;
  for (const [name, fieldSchema] of Object.entries(c.fields ?? {})) props[name] = toSchema(fieldSchema, 'input');
  return schema;
};

const withoutPathFields = (schema: JsonSchema, names: string[]): JsonSchema => {
  if (!names.length) return schema;
  const props = { ...(schema['properties'] as Record<string, JsonSchema>) };
  names.forEach((n) => delete props[n]);
  const { required: before, ...rest } = schema;
  const required = ((before as string[] | undefined) ?? []).filter((r) => !names.includes(r));
  return { ...rest, properties: props, ...(required.length ? { required } : {}) };
};

const fileProperty = (description: string): JsonSchema => ({
  type: 'string',
  format: 'binary',
  contentMediaType: 'application/octet-stream',
  description,
});

const parameters = (route: RouteDefinition, fields: JsonSchema, inQuery: boolean) => {
  const inPath = pathParams(route.path);
  const props = (fields['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((fields['required'] as string[] | undefined) ?? []);
  return Object.entries(props)
    .filter(([name]) => inQuery || inPath.includes(name))
    .map(([name, schema]) => {
      const where = inPath.includes(name) ? 'path' : 'query';
      const { description, deprecated, ...rest } = schema;
      return {
        name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(description ? { description } : {}),
        ...(deprecated ? { deprecated } : {}),
        schema: rest,
      };
    });
};

const requestBody = (route: RouteDefinition, c: RouteContract, fields: JsonSchema) => {
  if (route.body === 'raw') {
    if (!c.xmlBody) return undefined;
    const schema = toSchema(c.xmlBody, 'input');
    return { required: true, content: { 'text/xml': { schema }, 'application/xml': { schema } } };
  }
  if (route.body === 'none') return undefined;
  const body = withoutPathFields(fields, pathParams(route.path));
  const required = ((body['required'] as string[] | undefined) ?? []).length > 0 || (c.files ?? []).some((f) => f.required);
  const content: Record<string, { schema: JsonSchema; encoding?: unknown }> = {};
  if (route.body === 'multipart') {
    const props = { ...(body['properties'] as Record<string, JsonSchema>) };
    const req = [...((body['required'] as string[] | undefined) ?? [])];
    for (const f of c.files ?? []) {
      props[f.name] = fileProperty(f.description);
      if (f.required) req.push(f.name);
    }
    const multipart: JsonSchema = { ...body, properties: props, ...(req.length ? { required: req } : {}) };
    if (c.aliases) addAliases(multipart, c.aliases);
    content['multipart/form-data'] = { schema: multipart };
  }
  // A multipart route whose file is optional (a staged key instead) takes JSON and forms too.
  if (route.body === 'form' || !(c.files ?? []).some((f) => f.required)) {
    content['application/json'] = { schema: body };
    content['application/x-www-form-urlencoded'] = { schema: body };
  }
  return { required, content };
};

const errorRef = (code: ErrorCodeNumber) => ({ $ref: `#/components/schemas/Error${code}` });

const responses = (c: RouteContract) => {
  const out: Record<string, unknown> = {};
  if (c.json !== false) {
    out['200'] = { description: 'ok: `errcode` 0', content: { 'application/json': { schema: toSchema(c.output, 'output') } } };
  }
  if (c.answer) {
    const schema = toSchema(c.answer.schema, 'output');
    out['200'] = {
      description: c.answer.description,
      content: { [c.answer.contentType]: { schema }, ...(c.answer.contentType === 'application/xml' ? { 'text/plain': { schema: toSchema(z.literal('success'), 'output') } } : {}) },
    };
  }
  if (c.redirect) {
    out['302'] = { description: c.redirect, headers: { Location: { schema: { type: 'string' }, description: 'where the browser goes' } } };
  }
  const byStatus = new Map<number, ErrorCodeNumber[]>();
  for (const code of c.errcodes) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
  for (const [status, codes] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    out[String(status)] = {
      description: codes.map((code) => `${code}: ${errorTable.find((e) => e.errcode === code)!.meaning}`).join('; '),
      content: { 'application/json': { schema: codes.length === 1 ? errorRef(codes[0]!) : { oneOf: codes.map(errorRef) } } },
    };
  }
  return out;
};

const tagOf = (id: RouteId): string => id.split('.')[0]!;

const operation = (route: RouteDefinition & { id: RouteId }) => {
  const c: RouteContract = contract[route.id];
  const fields = fieldsSchema(c);
  if (c.aliases) addAliases(fields, c.aliases);
  const inQuery = route.body === 'none' || route.body === 'raw';
  const body = requestBody(route, c, fields);
  return {
    operationId: route.id.replace(/\.(\w)/g, (_m, ch: string) => ch.toUpperCase()),
    summary: route.summary,
    description: [
      `Handler \`${route.handler}\`.`,
      route.body === 'multipart' ? 'Takes `multipart/form-data` (files), or JSON / a form without files.' : '',
      route.body === 'form' ? 'Takes JSON or a form (`application/x-www-form-urlencoded`); a nested field may be a JSON string inside a form field.' : '',
      c.aliases ? `Accepts the seed's spellings: ${Object.entries(c.aliases).map(([a, n]) => `\`${a}\` = \`${n}\``).join(', ')}.` : '',
      `May answer errcode ${c.errcodes.join(', ')}.`,
    ]
      .filter(Boolean)
      .join(' '),
    tags: [tagOf(route.id)],
    ...(route.auth ? { security: [{ bearer: [] }, { accessToken: [] }] } : { security: [] }),
    parameters: parameters(route, fields, inQuery),
    ...(body ? { requestBody: body } : {}),
    responses: responses(c),
    'x-route-id': route.id,
    // The least role of an organization's members the route admits ('public': no session).
    'x-role': route.role,
    'x-errcodes': c.errcodes,
    ...(c.aliases ? { 'x-aliases': c.aliases } : {}),
  };
};

export const openApiDocument = (options: OpenApiOptions = {}) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routeList) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: 'socialinzen API',
      version: options.version ?? '0.1.0',
      summary: 'Run WeChat Official Accounts: users, authorization, auto-replies, followers, QR codes, materials, web OAuth, JSSDK.',
      description: [
        'Every POST takes `application/json` or `application/x-www-form-urlencoded` alike (uploads `multipart/form-data`).',
        'The session token travels as `?access_token=` or `Authorization: Bearer`.',
        'Success is `{"errcode":0,"msg":"ok",...}`; a failure has its HTTP status and `{"errcode":N,"msg":"field: what is wrong"}`.',
        'The `/wxplatform/callback/{appid}` and `/wxplatform/componentEvent` URLs are called by WeChat, with XML bodies.',
        '',
        '| errcode | HTTP | meaning |',
        '|---|---|---|',
        ...errorTable.map((e) => `| ${e.errcode} | ${e.status} | ${e.meaning} |`),
      ].join('\n'),
    },
    servers: [{ url: options.serverUrl ?? '/' }],
    tags: [...new Set(routeList.map((r) => tagOf(r.id)))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'the access_token from login, as `Authorization: Bearer <token>`' },
        accessToken: { type: 'apiKey', in: 'query', name: 'access_token', description: 'the same token in the query (the seed\'s way)' },
      },
      schemas: Object.fromEntries(errorTable.map((e) => [`Error${e.errcode}`, toSchema(errorBody(e.errcode), 'output')])),
    },
  };
};

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
