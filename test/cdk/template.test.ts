import { afterAll } from 'vitest';
import { removeDeployedStack } from './deployed-stack';

/**
 * Every assertion on the deployed stack's template, in one file so the stack is synthesized once
 * per run (test/cdk/deployed-stack.ts) instead of once per file: a full synth with cdk-nag costs
 * tens of seconds on 2 shared cores. Each area's checks live in their own module under checks/;
 * run one with `npx vitest run test/cdk/template.test.ts -t '<describe name>'`.
 */
import './checks/stack';
import './checks/operations';
import './checks/console-site';
import './checks/egress';

afterAll(removeDeployedStack);
