import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * A stand-in for an AWS JSON protocol service (KMS, Secrets Manager) on 127.0.0.1, for the tests
 * only: there is no KMS or Secrets Manager peer on this machine. It records every request and
 * answers from a script (a canned answer, or a reset connection) or from a handler (test/support's
 * KMS simulation below). Signatures are checked by recomputing them with the request's own signed
 * headers, on a hash of node:crypto's (not the client's).
 */
export interface Recorded {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A canned answer; 'reset' closes the connection, 'hang' never answers (a stalled service). */
export type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'reset' | 'hang';

export interface JsonPeer {
  url: string;
  requests: Recorded[];
  /** Answers to play, one per request, before the handler's. */
  script: Answer[];
  stop(): Promise<void>;
}

export const startJsonPeer = async (handler: (request: Recorded) => Answer = () => ({ status: 200, body: '{}' })): Promise<JsonPeer> => {
  const requests: Recorded[] = [];
  const script: Answer[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded: Recorded = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')])),
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(recorded);
    const answer = script.shift() ?? handler(recorded);
    if (answer === 'reset') {
      req.socket.destroy();
      return;
    }
    if (answer === 'hang') return;
    res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1', ...answer.headers });
    res.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

const bytesOf = (data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the signer takes. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.hash.update(bytesOf(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

/** The parts of a SigV4 Authorization header. */
export const authorizationOf = (request: Recorded) => {
  const match = request.headers['authorization']?.match(/^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/);
  if (!match) throw new Error(`no SigV4 authorization: ${request.headers['authorization']}`);
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match;
  return { accessKeyId: accessKeyId!, date: date!, region: region!, service: service!, signedHeaders: signedHeaders!.split(';'), signature: signature! };
};

/** Whether the request's signature is the one its signed headers, path and body give under these credentials. */
export const signatureVerifies = async (request: Recorded, credentials: { accessKeyId: string; secretAccessKey: string }): Promise<boolean> => {
  const auth = authorizationOf(request);
  const stamp = request.headers['x-amz-date']!;
  const signingDate = new Date(`${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`);
  const verifier = new SignatureV4({ service: auth.service, region: auth.region, credentials, sha256: NodeSha256, applyChecksum: false });
  const [host, port] = request.headers['host']!.split(':');
  const signed = await verifier.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: host!,
      ...(port ? { port: Number(port) } : {}),
      path: request.path,
      query: {},
      headers: Object.fromEntries(auth.signedHeaders.map((h) => [h, request.headers[h] ?? ''])),
      body: request.body,
    },
    { signingDate },
  );
  return signed.headers['authorization'] === request.headers['authorization'];
};

/**
 * KMS as the keyring meets it, simulated: GenerateDataKey makes a random 32-byte key and "wraps" it
 * with AES-256-GCM under the peer's own key, binding the key id and the encryption context as
 * additional data; Decrypt unwraps and refuses (InvalidCiphertextException, as KMS answers) a
 * blob, key id or context that does not match.
 */
export const kmsSimulation = (keyId: string) => {
  const masterKey = randomBytes(32);
  const aad = (context: unknown) => Buffer.from(JSON.stringify([keyId, Object.entries((context ?? {}) as Record<string, string>).sort()]));
  const invalid = { status: 400, body: JSON.stringify({ __type: 'InvalidCiphertextException', message: 'The ciphertext is invalid.' }) };
  return (request: Recorded): Answer => {
    const input = JSON.parse(request.body) as { KeyId?: string; KeySpec?: string; CiphertextBlob?: string; EncryptionContext?: unknown };
    if (input.KeyId !== keyId) return { status: 400, body: JSON.stringify({ __type: 'NotFoundException', message: `Key '${input.KeyId}' does not exist` }) };
    switch (request.headers['x-amz-target']) {
      case 'TrentService.GenerateDataKey': {
        if (input.KeySpec !== 'AES_256') return { status: 400, body: JSON.stringify({ __type: 'ValidationException', message: 'KeySpec' }) };
        const plaintext = randomBytes(32);
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', masterKey, iv).setAAD(aad(input.EncryptionContext));
        const blob = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
        return { status: 200, body: JSON.stringify({ KeyId: keyId, Plaintext: plaintext.toString('base64'), CiphertextBlob: blob.toString('base64') }) };
      }
      case 'TrentService.Decrypt': {
        const blob = Buffer.from(input.CiphertextBlob ?? '', 'base64');
        try {
          const decipher = createDecipheriv('aes-256-gcm', masterKey, blob.subarray(0, 12)).setAAD(aad(input.EncryptionContext));
          decipher.setAuthTag(blob.subarray(blob.length - 16));
          const plaintext = Buffer.concat([decipher.update(blob.subarray(12, blob.length - 16)), decipher.final()]);
          return { status: 200, body: JSON.stringify({ KeyId: keyId, Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }) };
        } catch {
          return invalid;
        }
      }
      default:
        return { status: 400, body: JSON.stringify({ __type: 'UnknownOperationException' }) };
    }
  };
};
