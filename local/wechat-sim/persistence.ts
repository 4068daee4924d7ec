import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * What the simulated WeChat remembers across restarts of `npm start` (issue 23 item 8): real WeChat
 * does not forget an authorization, a token it issued, a follower or a material because our laptop
 * restarted, and our DynamoDB Local keeps the tokens it was handed; a simulator that forgot them
 * answered 61023 (refresh_token is invalid) on every page after a restart.
 *
 * Areas register what they hold (`keep`); the whole is one JSON file in the data folder, written a
 * moment after each request that may have changed it (atomic rename: a Ctrl-C mid-write leaves the
 * previous file) and once more when the simulator stops. Without a file (the test suite) nothing is
 * read or written. Counters, armed faults and pending pushes are test machinery: not kept.
 */
export interface Keeper {
  save(): unknown;
  load(data: unknown): void;
}

/** JSON for what the stores hold: Maps, Sets and file bytes (class instances as their own fields). */
export const encode = (value: unknown): unknown => {
  if (value instanceof Map) return { $map: [...value].map(([k, v]) => [encode(k), encode(v)]) };
  if (value instanceof Set) return { $set: [...value].map(encode) };
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (typeof v !== 'function') out[k] = encode(v);
    return out;
  }
  return value;
};

export const decode = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(decode);
  if (!value || typeof value !== 'object') return value;
  const tagged = value as { $map?: [unknown, unknown][]; $set?: unknown[]; $bytes?: string };
  if (tagged.$map) return new Map(tagged.$map.map(([k, v]) => [decode(k), decode(v)]));
  if (tagged.$set) return new Set(tagged.$set.map(decode));
  if (typeof tagged.$bytes === 'string') return Buffer.from(tagged.$bytes, 'base64');
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
};

/** Puts saved fields back onto a live object (its methods and the fields not saved stay). */
export const restoreInto = <T extends object>(target: T, data: unknown): T => Object.assign(target, decode(data));

/** Fills `map` from a saved one; `replace` empties it first (else the saved entries win over the ones it has). */
export const refill = <K, V>(map: Map<K, V>, data: unknown, replace = true): void => {
  if (replace) map.clear();
  const saved = decode(data);
  if (saved instanceof Map) for (const [k, v] of saved) map.set(k as K, v as V);
};

export class SimPersistence {
  private readonly keepers = new Map<string, Keeper>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly file: string | undefined) {}

  keep(name: string, keeper: Keeper): void {
    if (this.keepers.has(name)) throw new Error(`wechat-sim: "${name}" is kept twice`);
    this.keepers.set(name, keeper);
  }

  /** Loads the file if there is one; a file from an older simulator is read for what it still names. */
  restore(): void {
    if (!this.file) return;
    let saved: Record<string, unknown>;
    try {
      saved = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      // A damaged file must not stop `npm start`: kept aside for a look, and WeChat starts anew.
      const aside = `${this.file}.damaged-${Date.now()}`;
      renameSync(this.file, aside);
      console.error(`[wechat-sim] could not read its state (${(error as Error).message}): moved to ${aside}, starting anew`);
      return;
    }
    for (const [name, keeper] of this.keepers) if (saved[name] !== undefined) keeper.load(saved[name]);
  }

  /** Something may have changed: write soon, once for a burst of requests. */
  changed(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.write();
    }, 200);
    this.timer.unref();
  }

  /** Writes now (at stop). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.write();
  }

  private write(): void {
    if (!this.file) return;
    try {
      const body: Record<string, unknown> = {};
      for (const [name, keeper] of this.keepers) body[name] = keeper.save();
      mkdirSync(dirname(this.file), { recursive: true });
      const partial = `${this.file}.${process.pid}.tmp`;
      writeFileSync(partial, JSON.stringify(body));
      renameSync(partial, this.file);
    } catch (error) {
      console.error('[wechat-sim] could not save its state:', (error as Error).message);
    }
  }
}
