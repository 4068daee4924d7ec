import { RemovalPolicy } from 'aws-cdk-lib';
import { ApiMapping, HttpApi, type CfnStage, type DomainName } from 'aws-cdk-lib/aws-apigatewayv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { accessLogFormatJson } from '../src/core/observability/access-log';
import { apiPathOf, constructId, type ApiShard } from './deployment-layout';

/**
 * The product's HTTP APIs, presented as one: an API takes at most 300 routes and 300 integrations
 * (hard quotas), so past ~180 routes (lib/deployment-layout.ts, 60% of them) path prefixes move to
 * APIs of their own. Clients see one origin either way:
 *
 * - CloudFront (lib/console-site.ts) sends `/apis/*` and `/wxplatform/*` to the first API, and a
 *   prefix of another API (`/apis/publish/*`) to that API.
 * - On the custom domain, the first API is mapped at the root (no mapping key: full paths) and
 *   each other one under its prefix (`apis/publish`, a multi-level API mapping: Regional domain,
 *   TLS 1.2). API Gateway picks the mapping with the longest matching key (developer guide, "Map API
 *   stages to a custom domain name for HTTP APIs") and REMOVES the key from the path it matches
 *   routes against ("…strips the incoming base path", same guide for REST APIs; for HTTP APIs the
 *   Lambda event's rawPath still carries it, as handler libraries have found), so such an API declares its
 *   routes past the prefix (`POST /send` for `/apis/publish/send`), and CloudFront removes the
 *   prefix the same way before it forwards (a viewer-request function), so both doors reach the
 *   same route keys. Handlers read path parameters, never rawPath.
 * - The local gateway serves the whole route table as one (local/), unchanged.
 *
 * Each API has the stage settings the single API had: default throttles, the route table's
 * per-route throttles (by the route key on that API), a JSON access log.
 */
export interface ProductApi {
  api: HttpApi;
  shard: ApiShard;
  /** The path prefix CloudFront and the custom domain serve this API under; none for the first. */
  prefix?: string;
  /** The route key path of a route of this API (full path on the first, the rest on the others). */
  pathOf(path: string): string;
  /** The stage's access log (JSON lines, src/core/observability/access-log.ts): its subscribers read it. */
  accessLogs?: logs.LogGroup;
}

export interface HttpApisProps {
  shards: ApiShard[];
  domain?: DomainName;
  logRetention: logs.RetentionDays;
  /** Only the custom domain answers (the execute-api host is turned off): needs `domain`. */
  disableExecuteApiEndpoint?: boolean;
}

/**
 * Builds the APIs in `scope` (the root stack). The first is `HttpApi`, not the single stack's `Api`:
 * its routes now live in the nested stacks, and CloudFormation creates new resources before it
 * deletes old ones, so routes re-created on the old API would clash with its old routes (one route
 * per key). A new API takes them all at once; CloudFront switches origin in place; the old API goes
 * in the cleanup. Its access log keeps the old log group (`ApiAccessLogs`).
 */
export const buildHttpApis = (scope: Construct, props: HttpApisProps): ProductApi[] =>
  props.shards.map((shard, index) => {
    const prefix = index === 0 ? undefined : shard.prefixes[0]!;
    const id = prefix ? `Api${constructId(prefix.split('/').pop()!)}` : 'HttpApi';
    // No API-wide CORS: API Gateway's would replace the headers the public JSSDK endpoint sets for
    // customers' H5 pages. Each route's function answers CORS itself (src/core/http/web-headers.ts).
    const api = new HttpApi(scope, id, {
      description: prefix ? `socialinzen API: ${prefix}/*` : 'socialinzen API',
      ...(props.disableExecuteApiEndpoint ? { disableExecuteApiEndpoint: true } : {}),
    });
    if (props.domain) {
      // The first API at the domain's root (no key: full paths), every other under its prefix.
      // Named mappings: CDK's defaultDomainMapping names its mapping after a token, unstable.
      new ApiMapping(scope, prefix ? `${id}Mapping` : 'ApiDomainRootMapping', {
        api,
        domainName: props.domain,
        ...(prefix ? { apiMappingKey: prefix.slice(1) } : {}),
      });
    }
    const pathOf = (path: string) => apiPathOf(shard, index, path);
    const stage = api.defaultStage?.node.defaultChild as CfnStage | undefined;
    let accessLogs: logs.LogGroup | undefined;
    if (stage) {
      stage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };
      // Routes the table marks with `throttle` (public, password- or mail- or quota-backed) get less.
      // routeSettings is an untyped map: CloudFormation's own (PascalCase) property names.
      stage.routeSettings = Object.fromEntries(
        shard.routes.flatMap((r) =>
          r.throttle ? [[`${r.method} ${pathOf(r.path)}`, { ThrottlingRateLimit: r.throttle.rate, ThrottlingBurstLimit: r.throttle.burst }]] : [],
        ),
      );
      // Access log: one JSON line per request; requestId is the correlation id our functions log, and
      // the callback route's lines feed its latency statistics (a subscription filter, lib/socialinzen-stack.ts).
      accessLogs = new logs.LogGroup(scope, prefix ? `${id}AccessLogs` : 'ApiAccessLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
      stage.accessLogSettings = { destinationArn: accessLogs.logGroupArn, format: accessLogFormatJson() };
    }
    return { api, shard, ...(prefix ? { prefix } : {}), pathOf, ...(accessLogs ? { accessLogs } : {}) };
  });
