/**
 * What a browser needs to see on the deployed console and API, as plain checks over response
 * headers (each answers the problems it found; none = pass). The expectations are the product's
 * own: console/security-headers.ts (CloudFront's response-headers policy) and
 * src/core/http/web-headers.ts (every API answer).
 */

/** CSP directives by name, each with its source list (lower case). */
const directives = (csp: string): Map<string, string[]> =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().toLowerCase().split(/\s+/))
      .filter((parts) => parts[0])
      .map((parts) => [parts[0]!, parts.slice(1)]),
  );

/** HSTS of at least a year: what both the console's policy and the API send. */
const hstsProblems = (headers: Headers): string[] => {
  const hsts = headers.get('strict-transport-security');
  if (!hsts) return ['no Strict-Transport-Security'];
  const maxAge = Number(/max-age=(\d+)/i.exec(hsts)?.[1] ?? 0);
  return maxAge >= 31_536_000 ? [] : [`Strict-Transport-Security max-age ${maxAge} is under a year`];
};

const commonProblems = (headers: Headers, https: boolean): string[] => [
  ...(headers.get('x-content-type-options')?.toLowerCase() === 'nosniff' ? [] : ['X-Content-Type-Options is not nosniff']),
  ...(headers.get('x-frame-options')?.toUpperCase() === 'DENY' ? [] : [`X-Frame-Options is ${headers.get('x-frame-options') ?? 'missing'}, not DENY`]),
  // Browsers ignore HSTS received over plain HTTP (RFC 6797 §8.1): only an HTTPS target can show it.
  ...(https ? hstsProblems(headers) : []),
];

/** A console page: a CSP without inline or foreign script and no framing, nosniff, no framing, HSTS. */
export const consolePageProblems = (headers: Headers, https: boolean): string[] => {
  const csp = headers.get('content-security-policy');
  const problems = commonProblems(headers, https);
  if (!csp) return ['no Content-Security-Policy', ...problems];
  const parsed = directives(csp);
  const scripts = parsed.get('script-src') ?? parsed.get('default-src');
  if (!scripts) problems.push('CSP limits no script (neither script-src nor default-src)');
  else {
    const loose = scripts.filter((s) => ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:', 'data:'].includes(s));
    if (loose.length) problems.push(`CSP script-src allows ${loose.join(' ')}`);
  }
  if (parsed.get('frame-ancestors')?.join(' ') !== "'none'") problems.push("CSP frame-ancestors is not 'none'");
  return problems;
};

/** An API answer: nosniff, no framing (header and CSP), HSTS over HTTPS. */
export const apiAnswerProblems = (headers: Headers, https: boolean): string[] => {
  const csp = headers.get('content-security-policy');
  const framing = csp ? directives(csp).get('frame-ancestors')?.join(' ') : undefined;
  return [...commonProblems(headers, https), ...(framing === "'none'" ? [] : ["CSP frame-ancestors 'none' missing"])];
};

/** CORS towards an origin the API must not serve: no permission at all (nor `*`). */
export const foreignOriginProblems = (headers: Headers, origin: string): string[] => {
  const allowed = headers.get('access-control-allow-origin');
  return allowed === null ? [] : [`Access-Control-Allow-Origin: ${allowed} answered to ${origin}`];
};

/** CORS towards the console's own origin (when it is not the API's): that origin, with credentials. */
export const consoleOriginProblems = (headers: Headers, origin: string): string[] => {
  const allowed = headers.get('access-control-allow-origin');
  if (allowed !== origin) return [`Access-Control-Allow-Origin is ${allowed ?? 'missing'}, not ${origin}`];
  return headers.get('access-control-allow-credentials') === 'true' ? [] : ['Access-Control-Allow-Credentials is not true'];
};
