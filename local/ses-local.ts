import type { Server } from 'node:http';
import * as sesModule from 'aws-ses-v2-local';

// A CommonJS module with an `exports.default`: reach through the interop wrapper.
const sesServer = ((sesModule as unknown as { default: { default?: unknown } }).default.default ??
  (sesModule as unknown as { default: unknown }).default) as (config: { host: string; port: number }) => Promise<Server>;

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
  const server: Server = await sesServer({ host: '127.0.0.1', port: options.port });
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
