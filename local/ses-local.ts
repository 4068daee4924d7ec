import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * aws-ses-v2-local takes seconds to import on a busy machine: loaded only when a stand-in starts,
 * so a test file that merely reads mails (readMails) does not pay for it.
 */
const sesServer = async (): Promise<(config: { host: string; port: number }) => Promise<Server>> => {
  const sesModule = await import('aws-ses-v2-local');
  // A CommonJS module with an `exports.default`: reach through the interop wrapper.
  return ((sesModule as unknown as { default: { default?: unknown } }).default.default ??
    (sesModule as unknown as { default: unknown }).default) as (config: { host: string; port: number }) => Promise<Server>;
};

/** aws-ses-v2-local: accepts SES v1/v2 sends and shows them at `/` and `GET /store`. */
export interface SesLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export interface StoredMail {
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/**
 * The sandbox's one rule that aws-ses-v2-local lacks (it checks no identities): an account in the SES
 * sandbox may send only to verified identities, and SendEmail to any other recipient answers 400
 * MessageRejected "Email address is not verified. The following identities failed the check in
 * region …: <address>" (https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html,
 * https://docs.aws.amazon.com/ses/latest/APIReference/API_SendEmail.html). Locally there is no way to
 * verify an address, so the unverified identities are a configured list of domains: every address
 * under `sandboxUnverifiedDomain` is refused as the sandbox refuses it, every other one is taken as
 * verified (the mailbox simulator's addresses, which the sandbox accepts unverified, are never under it).
 */
export const sandboxUnverifiedDomain = 'unverified.sandbox.test';

/** SES v1's query protocol (what @aws-sdk/client-ses sends): the recipients of a SendEmail form. */
const recipientsOf = (form: URLSearchParams): string[] =>
  [...form.entries()].filter(([name]) => /^Destination\.(To|Cc|Bcc)Addresses\.member\.\d+$/.test(name)).map(([, value]) => value);

const rejected = (address: string, region: string) =>
  `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>MessageRejected</Code>` +
  `<Message>Email address is not verified. The following identities failed the check in region ${region.toUpperCase()}: ${address}</Message>` +
  `</Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;

export const startSesLocal = async (options: { port: number; unverifiedDomains?: string[] }): Promise<SesLocal> => {
  const unverified = (options.unverifiedDomains ?? [sandboxUnverifiedDomain]).map((d) => d.toLowerCase());
  // aws-ses-v2-local on a port of its own, behind the sandbox rule on the stack's port.
  const inner: Server = await (await sesServer())({ host: '127.0.0.1', port: 0 });
  const innerUrl = `http://127.0.0.1:${(inner.address() as AddressInfo).port}`;
  const front = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (req.method === 'POST' && String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(body.toString('utf8'));
      const refused = form.get('Action') === 'SendEmail' ? recipientsOf(form).find((a) => unverified.includes(a.split('@').pop()!.toLowerCase())) : undefined;
      if (refused) {
        const region = String(req.headers['authorization'] ?? '').match(/Credential=[^/]+\/\d{8}\/([^/]+)\//)?.[1] ?? 'us-east-1';
        res.writeHead(400, { 'content-type': 'text/xml' }).end(rejected(refused, region));
        return;
      }
    }
    try {
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)).map(([k, v]) => [k, String(v)]));
      const answer = await fetch(`${innerUrl}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body }),
        redirect: 'manual',
      });
      const out = Buffer.from(await answer.arrayBuffer());
      const kept = [...answer.headers].filter(([k]) => !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(k));
      res.writeHead(answer.status, Object.fromEntries(kept)).end(out);
    } catch (error) {
      res.writeHead(502).end(String(error));
    }
  });
  await new Promise<void>((resolve) => front.listen(options.port, '127.0.0.1', resolve));
  const close = (server: Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    stop: async () => {
      await close(front);
      await close(inner);
    },
  };
};

export const readMails = async (endpoint: string): Promise<StoredMail[]> => {
  const response = await fetch(`${endpoint}/store`);
  const { emails } = (await response.json()) as { emails: StoredMail[] };
  return emails;
};
