import { retryableOf } from './retry';

/**
 * The error answer of an AWS JSON protocol service (KMS, Secrets Manager), read as the SDK reads
 * it (`@smithy/core/protocols`' loadJsonRpcErrorCode): the type from the body's `__type`, else its
 * `code`, else the `x-amzn-errortype` header, cleaned of a namespace (`com.amazonaws.kms#…`) and of
 * anything after `:`; the message from `message` or `Message`.
 */
export const parseJsonError = (
  status: number,
  body: string,
  errorTypeHeader: string | null,
): { code: string; message: string } => {
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = body ? JSON.parse(body) : {};
    if (parsed && typeof parsed === 'object') data = parsed as Record<string, unknown>;
  } catch {
    // A proxy's HTML page or a cut body: named by the status below.
  }
  const codeKey = Object.keys(data).find((k) => k.toLowerCase() === 'code');
  const raw = data['__type'] ?? (codeKey ? data[codeKey] : undefined) ?? errorTypeHeader ?? undefined;
  const code = raw === undefined || raw === null || raw === '' ? 'Unknown' : sanitizeErrorCode(String(raw));
  const message = data['message'] ?? data['Message'];
  return { code, message: typeof message === 'string' ? message : `${code} (HTTP ${status})` };
};

const sanitizeErrorCode = (raw: string): string => {
  let clean = raw.split(',')[0]!.split(':')[0]!;
  if (clean.includes('#')) clean = clean.split('#')[1]!;
  return clean;
};

/**
 * A service's error answer, named by its type as the SDK names its exceptions
 * (`AccessDeniedException`, `KMSInvalidStateException`, `ThrottlingException`…), with the SDK's
 * `$fault` and `$retryable` (what the error mapper reads to answer 50300 for throttling).
 */
export class AwsServiceError extends Error {
  readonly status: number;
  readonly $fault: 'client' | 'server';
  readonly $retryable: { throttling: boolean } | undefined;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = code;
    this.status = status;
    this.$fault = status < 500 ? 'client' : 'server';
    this.$retryable = retryableOf(status, code);
  }
}
