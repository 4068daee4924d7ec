import type { AuditEntry } from './data/audit-log';

/**
 * The audit log as CSV (RFC 4180, UTF-8 with a BOM so Excel reads Chinese). A cell that a
 * spreadsheet would run as a formula (= + - @, tab, CR at its start) is prefixed with a quote
 * (OWASP's CSV injection advice): entries hold text members typed.
 */
const columns = ['at', 'username', 'userId', 'kind', 'route', 'appid', 'outcome', 'errcode', 'atomic', 'input', 'changes', 'requestId'] as const;

const cell = (value: unknown): string => {
  let text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export const auditCsv = (entries: AuditEntry[]): string =>
  '\uFEFF' + [columns.join(','), ...entries.map((e) => columns.map((c) => cell((e as unknown as Record<string, unknown>)[c])).join(','))].join('\r\n') + '\r\n';
