import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { contract, statusOf, type RouteContract } from '../../lib/contract';
import { openApiDocument } from '../../lib/openapi';
import { routeList } from '../../lib/routes';

const doc = openApiDocument() as any;

describe('OpenAPI document', () => {
  it('validates as OpenAPI 3.1', async () => {
    // Prepare
    const validator = new Validator();

    // Act
    const result = await validator.validate(structuredClone(doc));

    // Assess
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it.each(routeList.map((r) => [r.id, r] as const))('%s: is in the document with its method, path, parameters and request body', (id, route) => {
    // Prepare: the fields the handler's own schema reads.
    const input = z.toJSONSchema(contract[id].input, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
    const fields = Object.keys(input.properties ?? {});

    // Act
    const op = doc.paths[route.path]?.[route.method.toLowerCase()];

    // Assess: one operation, named after the route.
    expect(op, `${route.method} ${route.path}`).toBeDefined();
    expect(op['x-route-id']).toBe(id);
    expect(op['x-role']).toBe(route.role);
    expect(op.security.length > 0).toBe(route.auth);
    const params = new Map<string, any>(op.parameters.map((p: any) => [p.name, p]));
    for (const name of route.path.match(/\{(\w+)\}/g)?.map((m) => m.slice(1, -1)) ?? []) {
      expect(params.get(name), `path parameter ${name}`).toMatchObject({ in: 'path', required: true });
    }
    const content = op.requestBody?.content ?? {};
    if (route.body === 'none' || route.body === 'raw') {
      // Every field of the schema is a parameter, required as the schema says.
      for (const name of fields) {
        expect(params.has(name), `${id}: parameter ${name}`).toBe(true);
        if (params.get(name).in === 'query') expect(params.get(name).required, name).toBe((input.required ?? []).includes(name));
      }
      if (route.body === 'raw') expect(Object.keys(content).sort()).toEqual(['application/xml', 'text/xml']);
      else expect(op.requestBody).toBeUndefined();
    } else {
      // Every non-path field is a property of each body media type.
      const media = Object.keys(content);
      if (route.body === 'form') expect(media.sort()).toEqual(['application/json', 'application/x-www-form-urlencoded']);
      if (route.body === 'multipart') expect(media).toContain('multipart/form-data');
      for (const type of media) {
        const props = Object.keys(content[type].schema.properties ?? {});
        for (const name of fields.filter((f) => !params.has(f))) expect(props, `${id} ${type}: ${name}`).toContain(name);
      }
      for (const file of (contract[id] as RouteContract).files ?? []) {
        expect(content['multipart/form-data'].schema.properties[file.name]).toMatchObject({ type: 'string', format: 'binary' });
      }
    }
    // Every errcode of the contract has its response, under SPEC §3's status.
    for (const code of contract[id].errcodes) {
      const status = String(statusOf(code));
      expect(op.responses[status], `${id}: ${code}`).toBeDefined();
      expect(JSON.stringify(op.responses[status].content)).toContain(`Error${code}`);
    }
  });

  it("names the seed's aliases where they are accepted", () => {
    // Prepare
    const op = (id: string) => Object.values(doc.paths).flatMap((p: any) => Object.values(p)).find((o: any) => o['x-route-id'] === id) as any;
    const text = (value: unknown) => JSON.stringify(value);

    // Assess: each alias beside its name, deprecated, in the body the route reads.
    expect(text(op('replies.add').requestBody)).toContain('"vedio"');
    expect(text(op('replies.add').requestBody)).toContain('"mediald"');
    expect(text(op('replies.add').requestBody)).toContain('"thumbMediald"');
    expect(op('materials.uploadVideo').requestBody.content['application/json'].schema.properties.tile).toMatchObject({ deprecated: true });
    expect(op('materials.remove').requestBody.content['application/json'].schema.properties.mediald).toMatchObject({ deprecated: true });
    expect(op('platform.qrcode').requestBody.content['application/json'].schema.properties.senseld).toMatchObject({ deprecated: true });
    expect(op('materials.uploadLogo').requestBody.content['multipart/form-data'].schema.properties.logolFile).toMatchObject({
      deprecated: true,
      format: 'binary',
    });
  });

  it('describes the session: a Bearer header or the access_token query', () => {
    expect(doc.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      accessToken: expect.objectContaining({ type: 'apiKey', in: 'query', name: 'access_token' }),
    });
  });

  it("describes the WeChat-facing URLs' XML bodies and answers", () => {
    // Prepare
    const callback = doc.paths['/wxplatform/callback/{appid}'];
    const component = doc.paths['/wxplatform/componentEvent'].post;

    // Assess
    expect(Object.keys(callback).sort()).toEqual(['get', 'post']);
    expect(callback.get.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['signature', 'timestamp', 'nonce', 'echostr', 'appid']));
    const xml = JSON.stringify(callback.post.requestBody.content['text/xml'].schema);
    for (const field of ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Content', 'MsgId', 'Event', 'EventKey', 'Encrypt']) expect(xml).toContain(field);
    expect(callback.post.responses['200'].content['application/xml'].schema.properties).toHaveProperty('MsgType');
    expect(component.requestBody.content['text/xml'].schema.properties).toHaveProperty('Encrypt');
    expect(component.responses['200'].content['text/plain'].schema).toMatchObject({ const: 'success' });
  });
});
