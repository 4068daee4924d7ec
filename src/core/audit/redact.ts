/**
 * What an audit entry may hold of a request or an item: never a secret. Fields whose name says
 * secret (passwords, AppSecrets, tokens, AES keys, hashes, sealed values) are replaced, e-mail
 * addresses masked, long text is
 * cut, and deep or wide structures are summarized, so an entry stays small and safe to export.
 */
const secretName = /pass(word)?|secret|token|aes|hash|seal|cipher|credential|refresh|ticket|signature|^code$|auth_?code|private/i;

export const redacted = '[redacted]';
const maxText = 120;
const maxKeys = 24;
const maxItems = 8;

/**
 * An e-mail address shows its first two characters and its domain: enough to tell invitations apart,
 * and nothing that names a person once they have deleted their account (SPEC, data kept).
 */
const emailAddress = /^([^@\s]{1,2})[^@\s]*@([^@\s]+)$/;
const masked = (text: string): string => text.replace(emailAddress, '$1***@$2');

export const redact = (value: unknown, depth = 0): unknown => {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return masked(value.length > maxText ? `${value.slice(0, maxText)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (value instanceof Set) return redact([...value], depth);
  if (depth >= 3) return Array.isArray(value) ? `[${value.length} items]` : '[…]';
  if (Array.isArray(value)) {
    const shown = value.slice(0, maxItems).map((v) => redact(v, depth + 1));
    return value.length > maxItems ? [...shown, `…${value.length - maxItems} more`] : shown;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).slice(0, maxKeys);
    return Object.fromEntries(entries.map(([k, v]) => [k, secretName.test(k) ? redacted : redact(v, depth + 1)]));
  }
  return String(value);
};

/** An item's attributes as an entry shows them: no keys of the table's own, no secrets. */
const tableKeys = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'ttl']);
export const itemSummary = (item: Record<string, unknown> | undefined): Record<string, unknown> | undefined =>
  item === undefined ? undefined : (redact(Object.fromEntries(Object.entries(item).filter(([k]) => !tableKeys.has(k)))) as Record<string, unknown>);
