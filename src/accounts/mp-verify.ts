/**
 * WeChat's domain check for web OAuth (网页授权域名): for a direct-mode account WeChat fetches
 * `https://<domain>/MP_verify_<code>.txt` and expects the code the owner copied from the
 * account's settings. The platform serves these files at the root of its public domain.
 *
 * HTTP API path variables are whole segments, so no API route can be `/MP_verify_{code}.txt`: the
 * route is `/wxplatform/mpverify/{file}`, and the root path is rewritten to it — by the local
 * gateway here, by a CloudFront Function on a `/MP_verify_*.txt` behaviour in AWS
 * (`lib/mp-verify-behavior.ts`). Pure data: importable by the gateway, the stack and Lambdas.
 */
export const mpVerifyFileName = /^MP_verify_[A-Za-z0-9]{1,64}\.txt$/;

/** The CloudFront behaviour's path pattern (CloudFront patterns take `*` and `?`, case-sensitive). */
export const mpVerifyPathPattern = '/MP_verify_*.txt';

/** The API route the root path is served by. */
export const mpVerifyRoutePrefix = '/wxplatform/mpverify/';

/** `/MP_verify_<code>.txt` → the API route's path; anything else → undefined. */
export const rewriteMpVerifyPath = (path: string): string | undefined => {
  const name = path.startsWith('/') ? path.slice(1) : undefined;
  return name && mpVerifyFileName.test(name) ? `${mpVerifyRoutePrefix}${name}` : undefined;
};

/**
 * The same rewrite as a CloudFront Function (cloudfront-js-2.0, viewer request): it cannot import,
 * so it is generated from the same pattern; a test runs it against `rewriteMpVerifyPath`.
 */
export const mpVerifyFunctionCode = `function handler(event) {
  var request = event.request;
  var name = request.uri.charAt(0) === '/' ? request.uri.slice(1) : '';
  if (${mpVerifyFileName.toString()}.test(name)) request.uri = '${mpVerifyRoutePrefix}' + name;
  return request;
}`;
