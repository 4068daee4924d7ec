import { readFileSync } from 'node:fs';

/**
 * The context `cdk synth` and `cdk deploy` use (cdk.json: the feature flags), so the tests check
 * the template that is deployed; bundling is skipped (one real bundle: checks/bundling.ts).
 */
export const cdkContext: Record<string, unknown> = {
  ...(JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }).context,
  'aws:cdk:bundling-stacks': [],
};
