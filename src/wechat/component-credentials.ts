import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * The third-party platform's credentials. Locally they come from COMPONENT_* variables; in AWS the
 * appid comes from the environment and the secrets from Secrets Manager (COMPONENT_SECRET_ARN, a
 * JSON `{appsecret, token, aesKey}`), read once per container.
 */
export interface ComponentCredentials {
  appid: string;
  appsecret: string;
  /** The token WeChat signs pushes with. */
  token: string;
  /** The 43-character EncodingAESKey of the component. */
  aesKey: string;
}

let loaded: Promise<ComponentCredentials> | undefined;

const fromEnvironment = (): ComponentCredentials | undefined => {
  const { COMPONENT_APPID: appid, COMPONENT_APPSECRET: appsecret, COMPONENT_TOKEN: token, COMPONENT_AES_KEY: aesKey } =
    process.env;
  return appid && appsecret && token && aesKey ? { appid, appsecret, token, aesKey } : undefined;
};

const fromSecretsManager = async (arn: string): Promise<ComponentCredentials> => {
  const appid = process.env['COMPONENT_APPID'];
  if (!appid) throw new Error('environment variable COMPONENT_APPID is not set');
  const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  const secret = JSON.parse(SecretString ?? '{}') as Partial<ComponentCredentials>;
  if (!secret.appsecret || !secret.token || !secret.aesKey) {
    throw new Error(`secret ${arn} must hold appsecret, token and aesKey`);
  }
  return { appid, appsecret: secret.appsecret, token: secret.token, aesKey: secret.aesKey };
};

export const componentCredentials = (): Promise<ComponentCredentials> => {
  if (!loaded) {
    const arn = process.env['COMPONENT_SECRET_ARN'];
    const env = fromEnvironment();
    loaded = env
      ? Promise.resolve(env)
      : arn
        ? fromSecretsManager(arn)
        : Promise.reject(new Error('component credentials are not configured (COMPONENT_* or COMPONENT_SECRET_ARN)'));
    // A failed load is retried by the next request instead of poisoning the container.
    loaded.catch(() => (loaded = undefined));
  }
  return loaded;
};
