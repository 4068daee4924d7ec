/**
 * `npm run smoke -- --api <url> --console <url> --table <name> [--account appid,secret,token]`:
 * the post-deploy smoke test (bin/smoke/run.ts). Exit code 1 when any step failed, 2 on bad usage.
 */
import { parseSmokeArgs } from './smoke/options';

let parsed: ReturnType<typeof parseSmokeArgs>;
try {
  parsed = parseSmokeArgs(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
// Before the data modules load: their SDK clients read the endpoints and region from here.
Object.assign(process.env, parsed.env);
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const { runSmoke } = await import('./smoke/run');
const result = await runSmoke(parsed.options);
const count = (status: string) => result.steps.filter((s) => s.status === status).length;
console.log(`\n${result.ok ? '✓ smoke passed' : '✗ smoke FAILED'}: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`);
process.exitCode = result.ok ? 0 : 1;
