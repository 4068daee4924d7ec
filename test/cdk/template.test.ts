import { afterAll } from 'vitest';
import { removeDeployedStack } from './deployed-stack';

/**
 * Every CDK check, in one file: aws-cdk-lib loads once (seconds per worker on 2 shared cores) and
 * the deployed stack is synthesized once per run (test/cdk/deployed-stack.ts) instead of once per
 * file (a full synth with cdk-nag costs tens of seconds). Each area's checks live in their own
 * module under checks/; run one with `npx vitest run test/cdk/template.test.ts -t '<describe name>'`.
 * A new CDK check: a module under checks/ imported here (synthesize with deployedStack() unless it
 * needs other props).
 */
import './checks/stateful-ids';
import './checks/stack';
import './checks/operations';
import './checks/console-site';
import './checks/egress';
import './checks/mp-verify';
import './checks/bundling';
import './checks/function-roles';
import './checks/records';
import './checks/doors';
import './checks/access-log';

afterAll(removeDeployedStack);
