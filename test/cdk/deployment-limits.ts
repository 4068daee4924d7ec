import { cloudFormationLimits, cloudFrontQuotas, headroom, httpApiQuotas } from '../../lib/deployment-layout';
import { flatten, type CfnTemplate, type StackTemplates } from './templates';

/**
 * What a synthesized deployment uses of CloudFormation's per-template limits and API Gateway's
 * per-API quotas, counted from the templates themselves (no count is kept by hand anywhere), and
 * where it goes past {@link headroom} of one.
 */
export interface TemplateUsage {
  template: string;
  resources: number;
  outputs: number;
  parameters: number;
  mappings: number;
  bytes: number;
}

export interface ApiUsage {
  api: string;
  routes: number;
  integrations: number;
}

export interface DeploymentUsage {
  templates: TemplateUsage[];
  apis: ApiUsage[];
  cacheBehaviors: number;
}

const count = (section: Record<string, unknown> | undefined) => Object.keys(section ?? {}).length;

const usageOf = (template: string, t: CfnTemplate, bytes: number): TemplateUsage => ({
  template,
  resources: count(t.Resources),
  outputs: count(t.Outputs),
  parameters: count(t.Parameters),
  mappings: count(t.Mappings),
  bytes,
});

export const measure = (templates: StackTemplates): DeploymentUsage => {
  const flat = flatten(templates);
  const byApi = new Map<string, ApiUsage>();
  for (const r of Object.values(flat.Resources)) {
    if (r.Type !== 'AWS::ApiGatewayV2::Route' && r.Type !== 'AWS::ApiGatewayV2::Integration') continue;
    const api = JSON.stringify(r.Properties?.['ApiId']);
    const usage = byApi.get(api) ?? { api, routes: 0, integrations: 0 };
    if (r.Type === 'AWS::ApiGatewayV2::Route') usage.routes += 1;
    else usage.integrations += 1;
    byApi.set(api, usage);
  }
  const distributions = Object.values(flat.Resources).filter((r) => r.Type === 'AWS::CloudFront::Distribution');
  return {
    templates: [
      usageOf('root', templates.root, templates.rootBytes),
      ...templates.nested.map((n) => usageOf(n.name, n.template, n.bytes)),
    ],
    apis: [...byApi.values()],
    cacheBehaviors: Math.max(0, ...distributions.map((d) => (d.Properties?.['DistributionConfig']?.CacheBehaviors ?? []).length)),
  };
};

/** Every use past 60% of its limit, as readable lines (empty: all within). */
export const overHeadroom = (usage: DeploymentUsage): string[] => {
  const problems: string[] = [];
  const check = (what: string, used: number, limit: number) => {
    if (used > limit * headroom) problems.push(`${what}: ${used} of ${limit} (over ${headroom * 100}%)`);
  };
  for (const t of usage.templates) {
    check(`${t.template} resources`, t.resources, cloudFormationLimits.resources);
    check(`${t.template} outputs`, t.outputs, cloudFormationLimits.outputs);
    check(`${t.template} parameters`, t.parameters, cloudFormationLimits.parameters);
    check(`${t.template} mappings`, t.mappings, cloudFormationLimits.mappings);
    check(`${t.template} bytes`, t.bytes, cloudFormationLimits.templateBytes);
  }
  for (const a of usage.apis) {
    check(`API ${a.api} routes`, a.routes, httpApiQuotas.routes);
    check(`API ${a.api} integrations`, a.integrations, httpApiQuotas.integrations);
  }
  check('CloudFront cache behaviours', usage.cacheBehaviors, cloudFrontQuotas.cacheBehaviors);
  return problems;
};

/** One line per template and API, for the test's log and docs/deployment-growth.md. */
export const describeUsage = (usage: DeploymentUsage): string =>
  [
    ...usage.templates.map((t) => `${t.template}: ${t.resources} resources, ${t.outputs} outputs, ${t.parameters} parameters, ${(t.bytes / 1024).toFixed(0)} KB`),
    ...usage.apis.map((a) => `API ${a.api}: ${a.routes} routes, ${a.integrations} integrations`),
    `CloudFront: ${usage.cacheBehaviors} cache behaviours`,
  ].join('\n');

/**
 * Resources of a template that sit on a dependency cycle (Ref, Fn::GetAtt, Fn::Sub, DependsOn):
 * CloudFormation refuses such a template at deploy, which a synthesis does not reveal.
 */
export const dependencyCycles = (template: CfnTemplate): string[] => {
  const ids = new Set(Object.keys(template.Resources));
  const edges = new Map<string, Set<string>>();
  const collect = (value: unknown, into: Set<string>): void => {
    if (Array.isArray(value)) value.forEach((v) => collect(v, into));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'Ref' && typeof v === 'string' && ids.has(v)) into.add(v);
        else if (k === 'Fn::GetAtt' && Array.isArray(v) && ids.has(v[0])) into.add(v[0]);
        else if (k === 'Fn::Sub') for (const m of JSON.stringify(v).matchAll(/\$\{([A-Za-z0-9]+)/g)) if (ids.has(m[1]!)) into.add(m[1]!);
        collect(v, into);
      }
    }
  };
  for (const [id, r] of Object.entries(template.Resources)) {
    const deps = new Set<string>([r['DependsOn']].flat().filter((d): d is string => typeof d === 'string'));
    collect(r.Properties, deps);
    edges.set(id, deps);
  }
  // Kahn: what cannot be ordered is on (or behind) a cycle.
  const indegree = new Map([...ids].map((id) => [id, 0]));
  for (const deps of edges.values()) for (const d of deps) indegree.set(d, indegree.get(d)! + 1);
  const queue = [...ids].filter((id) => indegree.get(id) === 0);
  const ordered = new Set<string>();
  while (queue.length) {
    const id = queue.pop()!;
    ordered.add(id);
    for (const d of edges.get(id)!) {
      indegree.set(d, indegree.get(d)! - 1);
      if (indegree.get(d) === 0) queue.push(d);
    }
  }
  return [...ids].filter((id) => !ordered.has(id));
};
