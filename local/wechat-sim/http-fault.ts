/**
 * WeChat's front end failing: an HTTP 5xx instead of WeChat's JSON. api.weixin.qq.com sits behind
 * Tencent's gateway (STGW), whose error pages are nginx-style HTML; an overloaded back end can also
 * answer a 5xx with a JSON body. A fault armed with `status` is thrown from the simulator's gate
 * and written by its server as is, so every WeChat path can fail this way.
 */
export class SimHttpFault extends Error {
  override name = 'SimHttpFault';
  constructor(
    readonly status: number,
    readonly body: string,
    readonly contentType: string,
  ) {
    super(`HTTP ${status}`);
  }
}

const reasons: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** The gateway's own error page, as it answers when the service behind it is down. */
export const gatewayErrorPage = (status: number): string => {
  const title = `${status} ${reasons[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>stgw</center>\r\n</body>\r\n</html>\r\n`;
};

/**
 * The answer of a fault armed with `status`: its own `body` (JSON unless it looks like markup, or
 * the `contentType` given), else the gateway's HTML page.
 */
export const httpFaultOf = (fault: { status: number; body?: string; contentType?: string }): SimHttpFault => {
  const body = fault.body ?? gatewayErrorPage(fault.status);
  const contentType = fault.contentType ?? (body.trimStart().startsWith('<') ? 'text/html' : 'application/json; charset=utf-8');
  return new SimHttpFault(fault.status, body, contentType);
};
