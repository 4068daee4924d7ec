import { cachedFor, getSecretString } from '../core/aws/secrets-manager';

/**
 * The third-party platform's credentials. Locally they come from COMPONENT_* variables; in AWS the
 * appid comes from the environment and the secrets from Secrets Manager (COMPONENT_SECRET_ARN, a
 * JSON `{appsecret, token, aesKey}`, src/core/aws/secrets-manager.ts), cached per container for
 * `componentSecretMaxAgeSeconds`: a secret updated after a rotation in WeChat's console is picked up
 * by warm containers within that time, without a deploy or a cold start. A failed read is not
 * cached; concurrent callers share one read.
 */
export interface ComponentCredentials {
  appid: string;
  appsecret: string;
  /** The token WeChat signs pushes with. */
  token: string;
  /** The 43-character EncodingAESKey of the component. */
  aesKey: string;
}

export const componentSecretMaxAgeSeconds = 300;

const fromEnvironment = (): ComponentCredentials | undefined => {
  const { COMPONENT_APPID: appid, COMPONENT_APPSECRET: appsecret, COMPONENT_TOKEN: token, COMPONENT_AES_KEY: aesKey } =
    process.env;
  return appid && appsecret && token && aesKey ? { appid, appsecret, token, aesKey } : undefined;
};

/** The secret's JSON read into credentials, or why it cannot be. */
export const credentialsFromSecret = (arn: string, appid: string, secretString: string): ComponentCredentials => {
  let secret: Partial<ComponentCredentials> = {};
  try {
    secret = (JSON.parse(secretString) ?? {}) as Partial<ComponentCredentials>;
  } catch {
    throw new Error(`secret ${arn} is not JSON`);
  }
  if (!secret.appsecret || !secret.token || !secret.aesKey) {
    throw new Error(`secret ${arn} must hold appsecret, token and aesKey`);
  }
  return { appid, appsecret: secret.appsecret, token: secret.token, aesKey: secret.aesKey };
};

/**
 * One cached reader per secret (a container has one, COMPONENT_SECRET_ARN). It caches the parsed
 * credentials, so the JSON is read once per read, not on every WeChat call; a secret that does not
 * parse is a failed read, not kept, so a fixed secret is picked up by the next call.
 */
const readers = new Map<string, () => Promise<ComponentCredentials>>();

const fromSecretsManager = (arn: string): Promise<ComponentCredentials> => {
  const appid = process.env['COMPONENT_APPID'];
  if (!appid) return Promise.reject(new Error('environment variable COMPONENT_APPID is not set'));
  let read = readers.get(arn);
  if (!read) {
    const readCredentials = async () => credentialsFromSecret(arn, appid, await getSecretString(arn));
    readers.set(arn, (read = cachedFor(readCredentials, componentSecretMaxAgeSeconds * 1000)));
  }
  return read();
};

export const componentCredentials = (): Promise<ComponentCredentials> => {
  const env = fromEnvironment();
  if (env) return Promise.resolve(env);
  const arn = process.env['COMPONENT_SECRET_ARN'];
  return arn
    ? fromSecretsManager(arn)
    : Promise.reject(new Error('component credentials are not configured (COMPONENT_* or COMPONENT_SECRET_ARN)'));
};
