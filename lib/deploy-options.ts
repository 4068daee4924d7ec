import { egressModes, type EgressMode } from './egress';
import { routeList, scheduled } from './routes';

/** Requests per IP per 5 minutes of the web ACL when `wafRateLimit` is not given (lib/web-acl.ts). */
export const defaultWafRateLimit = 2000;

/**
 * The deploy's choices, read from the CDK context (`-c key=value`) by bin/app.ts and by the
 * preflight (bin/preflight.ts), which must judge the same stack `cdk deploy` builds.
 */
export interface DeployOptions {
  mailFrom: string;
  sesIdentity: string;
  /** Whether the stack creates the SES identity (`createSesIdentity=false`: it exists already). */
  createSesIdentity: boolean;
  /** Set when the product runs as a WeChat third-party platform (third-party mode). */
  componentAppid?: string;
  egress: EgressMode;
  interfaceEndpoints: boolean;
  reservedConcurrency: boolean;
  /** A web ACL on the console's CloudFront distribution: requests per IP per 5 minutes (`waf=true`, `wafRateLimit`). */
  waf?: { rateLimit: number };
  /** The API on its custom domain only (`disableExecuteApiEndpoint=true`, with domainName). */
  disableExecuteApiEndpoint: boolean;
}

/** The component appid the stack uses when none is given: a placeholder, not third-party mode. */
export const placeholderComponentAppid = 'wx0000000000000000';

const flag = (value: unknown): boolean | undefined =>
  value === true || value === 'true' ? true : value === false || value === 'false' ? false : undefined;

/** Reads the options from context values (strings from `-c`, or JSON values from cdk.json). */
export const deployOptions = (context: (key: string) => unknown): DeployOptions => {
  const text = (key: string) => {
    const value = context(key);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const mailFrom = text('mailFrom') ?? 'no-reply@example.com';
  const egress = text('egress') ?? (flag(context('fixedEgress')) === false ? 'none' : 'natGateway');
  if (!(egressModes as readonly string[]).includes(egress)) {
    throw new Error(`context egress=${egress}: one of ${egressModes.join(', ')}`);
  }
  const componentAppid = text('componentAppid');
  const wafRateLimit = text('wafRateLimit') ?? (typeof context('wafRateLimit') === 'number' ? String(context('wafRateLimit')) : undefined);
  if (wafRateLimit !== undefined && !/^\d+$/.test(wafRateLimit)) throw new Error(`context wafRateLimit=${wafRateLimit}: requests per IP per 5 minutes (an integer)`);
  const waf = flag(context('waf')) ?? false;
  return {
    mailFrom,
    sesIdentity: text('sesIdentity') ?? mailFrom.split('@')[1]!,
    createSesIdentity: flag(context('createSesIdentity')) ?? true,
    ...(componentAppid && componentAppid !== placeholderComponentAppid ? { componentAppid } : {}),
    egress: egress as EgressMode,
    interfaceEndpoints: flag(context('interfaceEndpoints')) ?? false,
    reservedConcurrency: flag(context('reservedConcurrency')) ?? false,
    ...(waf ? { waf: { rateLimit: wafRateLimit === undefined ? defaultWafRateLimit : Number(wafRateLimit) } } : {}),
    disableExecuteApiEndpoint: flag(context('disableExecuteApiEndpoint')) ?? false,
  };
};

/** What the stack reserves with `reservedConcurrency=true`: the route table's and the schedules' numbers. */
export const reservedConcurrencyTotal = (): number =>
  [...routeList, ...Object.values(scheduled)].reduce((sum, r) => sum + (r.reservedConcurrency ?? 0), 0);
