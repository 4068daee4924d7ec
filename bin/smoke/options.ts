import { parseArgs } from 'node:util';
import type { SmokeOptions } from './run';

export const usage = `usage: npm run smoke -- --api <url> --console <url> --table <name> [options]

  --api <url>               the API's base URL (the console's CloudFront URL, or the HTTP API's)
  --console <url>           the web console's URL
  --table <name>            the DynamoDB table (the stack's TableName output): the operator's
                            credentials mark the test users verified and remove them
  --account appid,secret,token[,aesKey]
                            a direct-mode test account to bind, add a rule to, and unbind
  --bucket <name>           the upload bucket: read the staged file back and delete it
  --console-origin <origin> the origin the console calls the API from (default: --console's)
  --region <region>         AWS region of the table and bucket (default: the SDK's)
  --dynamodb-endpoint <url> another DynamoDB (DynamoDB Local of npm start)
  --s3-endpoint <url>       another S3 (npm start's s3rver)

AWS credentials come from the SDK's default chain (AWS_PROFILE, environment, SSO...).`;

/** The command line as the smoke test's options, plus the environment the SDK should see. */
export const parseSmokeArgs = (argv: string[]): { options: SmokeOptions; env: Record<string, string> } => {
  const { values } = parseArgs({
    args: argv,
    options: {
      api: { type: 'string' },
      console: { type: 'string' },
      table: { type: 'string' },
      account: { type: 'string' },
      bucket: { type: 'string' },
      'console-origin': { type: 'string' },
      region: { type: 'string' },
      'dynamodb-endpoint': { type: 'string' },
      's3-endpoint': { type: 'string' },
    },
    strict: true,
  });
  for (const name of ['api', 'console', 'table'] as const) {
    if (!values[name]) throw new Error(`--${name} is required\n\n${usage}`);
  }
  for (const name of ['api', 'console'] as const) {
    if (!URL.canParse(values[name]!)) throw new Error(`--${name}: not a URL: ${values[name]}`);
  }
  let account: SmokeOptions['account'];
  if (values.account) {
    const [appid, secret, token, aesKey] = values.account.split(',').map((p) => p.trim());
    if (!appid || !secret || !token) throw new Error('--account: appid,secret,token[,aesKey]');
    account = { appid, secret, token, aesKey };
  }
  const env: Record<string, string> = {};
  if (values.region) env['AWS_REGION'] = values.region;
  if (values['dynamodb-endpoint']) env['AWS_ENDPOINT_URL_DYNAMODB'] = values['dynamodb-endpoint'];
  if (values['s3-endpoint']) env['AWS_ENDPOINT_URL_S3'] = values['s3-endpoint'];
  return {
    options: {
      api: values.api!,
      console: values.console!,
      table: values.table!,
      bucket: values.bucket,
      consoleOrigin: values['console-origin'],
      account,
    },
    env,
  };
};
