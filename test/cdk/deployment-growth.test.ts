import { App } from 'aws-cdk-lib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripPrefixFunctionCode } from '../../lib/console-site';
import { pathPrefixOf, type RouteEntry } from '../../lib/deployment-layout';
import { routeList, type RouteAccess } from '../../lib/routes';
import { SocialinzenStack } from '../../lib/socialinzen-stack';
import { cdkContext } from './app-context';
import { deployedStackProps } from './deployed-stack';
import { dependencyCycles, describeUsage, measure, overHeadroom } from './deployment-limits';
import { pinViolations } from './stateful-ids';
import { flatten, readTemplates, type CfnTemplate, type StackTemplates } from './templates';

/**
 * The deployment with 200 routes more than today's, in five new areas of different sizes (one
 * bigger than a nested stack takes, several that no longer fit the first HTTP API): every template
 * and every HTTP API stays under 60% of its limits, every route is served once behind both doors
 * (CloudFront and the custom domain), and the stateful resources stay where they were. Synthesized
 * once, bundling skipped (cdk-nag runs on today's stack: test/cdk/checks/operations.ts).
 */
const newAreas = { publish: 60, audience: 50, templates: 40, statistics: 30, team: 20 };

/** Access shapes and handlers borrowed from today's table in turn: real grants, real entry files. */
const extraRoutes = (): RouteEntry[] =>
  Object.entries(newAreas).flatMap(([area, n], a) =>
    Array.from({ length: n }, (_, i) => {
      const model = routeList[(a * 7 + i) % routeList.length]!;
      return {
        id: `${area}.op${i + 1}`,
        method: i % 3 === 0 ? 'GET' : 'POST',
        path: `/apis/${area}/op${i + 1}`,
        handler: model.handler,
        auth: true,
        body: model.body,
        access: model.access as RouteAccess,
        summary: `Synthetic ${area} route ${i + 1}`,
        ...(i % 10 === 0 ? { throttle: { rate: 5, burst: 10 } } : {}),
      } as RouteEntry;
    }),
  );

const routes = [...routeList, ...extraRoutes()];
let outdir: string;
let templates: StackTemplates;
let flat: CfnTemplate;
let synthSeconds: number;

beforeAll(() => {
  const started = performance.now();
  outdir = mkdtempSync(join(tmpdir(), 'socialinzen-growth-'));
  const app = new App({ outdir, context: cdkContext });
  const stack = new SocialinzenStack(app, 'Grown', {
    ...deployedStackProps,
    routes,
    customDomain: { domainName: 'api.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/growth' },
  });
  app.synth();
  templates = readTemplates(stack, outdir);
  flat = flatten(templates);
  synthSeconds = (performance.now() - started) / 1000;
}, 600_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

type Resource = CfnTemplate['Resources'][string];
const resources = (type: string): [string, Resource][] => Object.entries(flat.Resources).filter(([, r]) => r.Type === type);

describe('the deployment with 200 more routes', () => {
  it('keeps every template and every HTTP API under 60% of each CloudFormation limit and API Gateway quota', () => {
    const usage = measure(templates);
    console.log(`today's routes + 200 (${routes.length} routes), synthesized in ${synthSeconds.toFixed(1)} s:\n${describeUsage(usage)}`);

    expect(routes.length).toBe(routeList.length + 200);
    expect(usage.apis.length).toBeGreaterThan(1);
    expect(overHeadroom(usage)).toEqual([]);
  });

  it('would fail past 60%: one resource, output, parameter, byte, route or behaviour too many is reported', () => {
    const usage = measure(templates);
    const [biggest] = [...usage.templates].sort((a, b) => b.resources - a.resources);
    const [busiest] = [...usage.apis].sort((a, b) => b.routes - a.routes);

    expect(overHeadroom({ ...usage, templates: [{ ...biggest!, resources: 301 }] })).toEqual([`${biggest!.template} resources: 301 of 500 (over 60%)`]);
    expect(overHeadroom({ ...usage, templates: [{ ...biggest!, bytes: 600_001 }] })).toHaveLength(1);
    expect(overHeadroom({ ...usage, templates: [{ ...biggest!, outputs: 121, parameters: 121 }] })).toHaveLength(2);
    expect(overHeadroom({ ...usage, apis: [{ ...busiest!, routes: 181 }] })).toHaveLength(1);
    expect(overHeadroom({ ...usage, cacheBehaviors: 16 })).toHaveLength(1);
  });

  it('keeps the stateful resources in the root stack under their pinned logical ids', () => {
    expect(pinViolations(templates.root, templates.nested.map((n) => n.template))).toEqual([]);
  });

  it('orders every template: no dependency cycle', () => {
    for (const t of [templates.root, ...templates.nested.map((n) => n.template)]) expect(dependencyCycles(t)).toEqual([]);
    // …and the check sees one: two resources that reference each other.
    expect(dependencyCycles({ Resources: { A: { Type: 'X', Properties: { p: { Ref: 'B' } } }, B: { Type: 'X', DependsOn: 'A' } } }).sort()).toEqual(['A', 'B']);
  });

  it('serves every route once: the first API at its full path, another API past its prefix', () => {
    const apis = resources('AWS::ApiGatewayV2::Api');
    const mappings = resources('AWS::ApiGatewayV2::ApiMapping').map(([, m]) => m.Properties!);
    const keysByApi = new Map<string, string[]>();
    for (const [, r] of resources('AWS::ApiGatewayV2::Route')) {
      const api = (r.Properties!['ApiId'] as { Ref: string }).Ref;
      keysByApi.set(api, [...(keysByApi.get(api) ?? []), r.Properties!['RouteKey'] as string]);
    }
    const roots = mappings.filter((m) => m['ApiMappingKey'] === undefined);
    const first = (roots[0]!['ApiId'] as { Ref: string }).Ref;

    for (const route of routes) {
      const prefix = pathPrefixOf(route.path);
      const mapping = mappings.find((m) => m['ApiMappingKey'] === prefix.slice(1));
      // Mapped under its prefix: that API has the route past the prefix; else the first API, full path.
      const [api, key] = mapping
        ? [(mapping['ApiId'] as { Ref: string }).Ref, `${route.method} ${route.path.slice(prefix.length)}`]
        : [first, `${route.method} ${route.path}`];
      expect(keysByApi.get(api)?.filter((k) => k === key), `${route.id}: ${key} on ${api}`).toHaveLength(1);
    }
    // The first API is the custom domain's root mapping; every other is mapped by its prefix.
    expect(roots).toHaveLength(1);
    // Console origins' preflights: one catch-all OPTIONS route on every API.
    for (const [api] of apis) expect(keysByApi.get(api)?.filter((k) => k === 'OPTIONS /{proxy+}'), api).toHaveLength(1);
    expect(mappings).toHaveLength(apis.length);
  });

  it('sends each prefix of another API from CloudFront to that API, the prefix removed as its API mapping removes it', () => {
    const [[, distribution]] = resources('AWS::CloudFront::Distribution') as [[string, Resource]];
    const behaviors = distribution.Properties!['DistributionConfig'].CacheBehaviors as { PathPattern: string; FunctionAssociations?: unknown[] }[];
    const mapped = resources('AWS::ApiGatewayV2::ApiMapping').flatMap(([, m]) => (m.Properties!['ApiMappingKey'] ? [`/${m.Properties!['ApiMappingKey']}`] : []));
    const [[, fn]] = resources('AWS::CloudFront::Function') .filter(([id]) => id.includes('StripApiPrefix')) as [[string, Resource]];
    const strip = new Function(`${fn.Properties!['FunctionCode']}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };

    expect(mapped.length).toBeGreaterThan(0);
    expect(fn.Properties!['FunctionCode']).toBe(stripPrefixFunctionCode(mapped));
    const patterns = behaviors.map((b) => b.PathPattern);
    for (const prefix of mapped) {
      // Ahead of /apis/*: CloudFront takes the first pattern that matches.
      expect(patterns.indexOf(`${prefix}/*`), prefix).toBeGreaterThanOrEqual(0);
      expect(patterns.indexOf(`${prefix}/*`), prefix).toBeLessThan(patterns.indexOf('/apis/*'));
      expect(behaviors.find((b) => b.PathPattern === `${prefix}/*`)!.FunctionAssociations, prefix).toHaveLength(1);
      for (const route of routes.filter((r) => pathPrefixOf(r.path) === prefix)) {
        expect(strip({ request: { uri: route.path } }).uri).toBe(route.path.slice(prefix.length));
      }
    }
    expect(strip({ request: { uri: '/apis/user/login' } }).uri).toBe('/apis/user/login');
  });

  it('gives every function its own grants: a role is shared only inside one nested stack', () => {
    const functions = resources('AWS::Lambda::Function').filter(([, f]) => String(f.Properties!['Description'] ?? '').includes('Synthetic'));
    const roleStacks = new Map<string, Set<string>>();
    for (const { name, template } of templates.nested) {
      for (const [id, r] of Object.entries(template.Resources)) {
        if (r.Type !== 'AWS::Lambda::Function') continue;
        const role = (r.Properties!['Role'] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
        expect(template.Resources[role]?.Type, `${name}/${id}`).toBe('AWS::IAM::Role');
        roleStacks.set(role, new Set([...(roleStacks.get(role) ?? []), name]));
      }
    }

    expect(functions).toHaveLength(200);
    for (const [role, stacks] of roleStacks) expect(stacks.size, role).toBe(1);
  });
});
