import type { Server } from 'node:http';

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

export const startSesLocal = async (options: { port: number }): Promise<SesLocal> => {
  const server: Server = await (await sesServer())({ host: '127.0.0.1', port: options.port });
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
};

export const readMails = async (endpoint: string): Promise<StoredMail[]> => {
  const response = await fetch(`${endpoint}/store`);
  const { emails } = (await response.json()) as { emails: StoredMail[] };
  return emails;
};
