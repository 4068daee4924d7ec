import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/**
 * The third-party platform's credentials. Locally they come from COMPONENT_* variables; in AWS the
 * appid comes from the environment and the secrets from Secrets Manager (COMPONENT_SECRET_ARN, a
 * JSON `{appsecret, token, aesKey}`) through Powertools Parameters, cached for
 * `componentSecretMaxAgeSeconds`: a secret updated after a rotation in WeChat's console is picked up
 * by warm containers within that time, without a deploy or a cold start.
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

const fromSecretsManager = async (arn: string): Promise<ComponentCredentials> => {
  const appid = process.env['COMPONENT_APPID'];
  if (!appid) throw new Error('environment variable COMPONENT_APPID is not set');
  // Cached by Parameters (per container) for maxAge; a failed fetch is not cached.
  const secret = ((await getSecret(arn, { maxAge: componentSecretMaxAgeSeconds, transform: 'json' })) ?? {}) as Partial<ComponentCredentials>;
  if (!secret.appsecret || !secret.token || !secret.aesKey) {
    throw new Error(`secret ${arn} must hold appsecret, token and aesKey`);
  }
  return { appid, appsecret: secret.appsecret, token: secret.token, aesKey: secret.aesKey };
};

export const componentCredentials = (): Promise<ComponentCredentials> => {
  const env = fromEnvironment();
  if (env) return Promise.resolve(env);
  const arn = process.env['COMPONENT_SECRET_ARN'];
  return arn
    ? fromSecretsManager(arn)
    : Promise.reject(new Error('component credentials are not configured (COMPONENT_* or COMPONENT_SECRET_ARN)'));
};
