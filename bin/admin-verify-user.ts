/**
 * `npx tsx bin/admin-verify-user.ts --table <name> --username <name> [--region r] [--dynamodb-endpoint url]`:
 * the operator marks a user verified with their own AWS credentials (the user's mail never came,
 * or a test user on SES's mailbox simulator). An admin command, never an API route.
 */
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { table: { type: 'string' }, username: { type: 'string' }, region: { type: 'string' }, 'dynamodb-endpoint': { type: 'string' } },
});
if (!values.table || !values.username) {
  console.error('usage: npx tsx bin/admin-verify-user.ts --table <name> --username <name> [--region <region>] [--dynamodb-endpoint <url>]');
  process.exit(2);
}
if (values.region) process.env['AWS_REGION'] = values.region;
if (values['dynamodb-endpoint']) process.env['AWS_ENDPOINT_URL_DYNAMODB'] = values['dynamodb-endpoint'];
const { verifyUser } = await import('./smoke/operator');
try {
  const id = await verifyUser({ table: values.table }, values.username);
  console.log(`✓ ${values.username} (${id}) is verified`);
} catch (error) {
  console.error(`✗ ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}
