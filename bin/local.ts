import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalStack } from '../local/stack';

/**
 * `npm start`: the whole product on this machine, no configuration needed. Data is kept under
 * `.local-data/` (git-ignored; LOCAL_DATA_DIR moves it). Ctrl-C stops every child.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env['PORT'] ?? 3000);
const dataDir = resolve(process.env['LOCAL_DATA_DIR'] ?? join(root, '.local-data'));

// One request's forgotten promise must not take the whole local stack down with it.
process.on('unhandledRejection', (reason) => console.error('[local] unhandled rejection (kept running):', reason));

const stack = await startLocalStack({ root, port, dataDir, printMail: true });

console.log(`
socialinzen is running locally.
  Browser and curl:  ${stack.baseUrl}/
  Try:               curl -X POST ${stack.baseUrl}/apis/user/register -d username=demo -d password=demo-pass-1 -d email=demo@example.com
  Mails (SES):       ${stack.sesEndpoint}/   (verification links are also printed below)
  DynamoDB Local:    ${stack.dynamoEndpoint}  (table ${stack.tableName}, data in ${dataDir})
  S3 (s3rver):       ${stack.s3Endpoint}  (bucket ${stack.bucketName})
  WeChat:            ${stack.wechatSimulator ? `${stack.wechatSimulator}  (built-in simulator; demo platform ${stack.component.appid})` : process.env['WECHAT_API_BASE']}
${stack.wechatSimulator ? `  Act as a follower / 扮演粉丝: ${stack.wechatSimulator}/follower-panel\n` : ''}${
  stack.wechatSimulator
    ? `  Authorize a demo official account: log in, then
    curl "${stack.baseUrl}/apis/component/authUrl?access_token=TOKEN"
  open its authUrl in a browser and pick an account; or bind one directly with
    curl -X POST "${stack.baseUrl}/apis/accounts/bindDirect?access_token=TOKEN" -d appid=wx00000000000demo1 -d appsecret=de0000000000000000000000000000d1 -d token=demoToken
`
    : ''
}Press Ctrl-C to stop.
`);

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  stack.stop().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
