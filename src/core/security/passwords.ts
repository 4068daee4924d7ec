import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (node:crypto), a per-user random salt and the parameters stored
 * beside the hash, so they can be raised later without breaking old hashes:
 *   scrypt$<log2 N>$<r>$<p>$<salt b64>$<hash b64>
 */
const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scryptCallback(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

const params = { log2N: 15, r: 8, p: 1, keylen: 32, saltBytes: 16 } as const;

/**
 * The cost new hashes get: 2^15, unless PASSWORD_HASH_LOG2N lowers it. Only the test suite's local
 * stack sets it (test/support/global-setup.ts): its hundreds of sign-ups and logins would spend
 * minutes of 2 shared cores in scrypt (~170 ms of a core each at 2^15). No deployed function has it
 * (test/cdk/checks/stack.ts), values outside 10..15 are ignored, and a hash carries its own cost,
 * so hashes of either cost verify.
 */
const log2NForNewHashes = (): number => {
  const lowered = Number(process.env['PASSWORD_HASH_LOG2N']);
  return Number.isInteger(lowered) && lowered >= 10 && lowered <= params.log2N ? lowered : params.log2N;
};
// 128 * N * r bytes for N = 2^15, r = 8 is 32 MiB; node's default maxmem is exactly that, so raise it.
const maxmem = 64 * 1024 * 1024;

export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(params.saltBytes);
  const log2N = log2NForNewHashes();
  const hash = await scrypt(password, salt, params.keylen, { N: 2 ** log2N, r: params.r, p: params.p, maxmem });
  return ['scrypt', log2N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
};

export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const [scheme, log2N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !log2N || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: 2 ** Number(log2N),
    r: Number(r),
    p: Number(p),
    maxmem,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
};

/**
 * A hash of a password nobody has, verified against when the username is unknown, so an unknown
 * user costs the same time as a wrong password.
 */
let decoy: Promise<string> | undefined;
export const decoyPasswordHash = (): Promise<string> => (decoy ??= hashPassword(randomBytes(16).toString('hex')));
