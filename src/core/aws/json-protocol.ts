import { serviceEndpoint, targetOf } from './endpoints';
import type { SignatureV4 } from '@smithy/signature-v4';
import { AwsServiceError, parseJsonError } from './service-error';
import { awsRegion, signedFetch, signerFor } from './signed-fetch';

/**
 * The AWS JSON 1.1 protocol (KMS, Secrets Manager): `POST /` with `X-Amz-Target:
 * <prefix>.<Operation>` and a JSON body, signed with the SDK's signer and sent with fetch
 * (src/core/aws/signed-fetch.ts), instead of each service's SDK client (README, "Cold start": the KMS
 * client alone was 66 KB parsed at every cold start of 35 functions). Blobs travel as base64
 * strings; the caller encodes and decodes them. The SDK clients are the oracle of this wire format
 * in the tests (test/aws/json-protocol.unit.test.ts).
 */
export interface JsonService {
  /** The SigV4 signing name (`kms`, `secretsmanager`). */
  signingName: string;
  /** The first label of the regional host (`kms`, `secretsmanager`). */
  endpointPrefix: string;
  /** The `X-Amz-Target` prefix (`TrentService`, `secretsmanager`). */
  targetPrefix: string;
  /** The SDK's service id for `AWS_ENDPOINT_URL_<…>` (`KMS`, `SECRETS_MANAGER`). */
  envName: string;
  /** Names the service in connection errors (`KMS` → KMSConnectionError). */
  label: string;
}

const signers = new Map<string, SignatureV4>();
const signerOf = (service: JsonService) => {
  let signer = signers.get(service.signingName);
  if (!signer) signers.set(service.signingName, (signer = signerFor(service.signingName)));
  return signer;
};

/**
 * One operation: its JSON output, or an AwsServiceError named by the service's error type, after
 * the SDK's standard retries (src/core/aws/signed-fetch.ts).
 */
export const callJson = async <Output>(service: JsonService, operation: string, input: object): Promise<Output> => {
  const target = targetOf(serviceEndpoint(service, await awsRegion()), '/');
  const response = await signedFetch({
    signer: signerOf(service),
    target,
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${service.targetPrefix}.${operation}` },
    body: JSON.stringify(input),
    label: service.label,
    // KMS and Secrets Manager answer in milliseconds; a request still open after 5 s is retried.
    timeoutMs: 5_000,
    failure: async (answer) => {
      const { code, message } = parseJsonError(answer.status, await answer.text(), answer.headers.get('x-amzn-errortype'));
      return new AwsServiceError(answer.status, code, message);
    },
  });
  const text = await response.text();
  return (text ? JSON.parse(text) : {}) as Output;
};
