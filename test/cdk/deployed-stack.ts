import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { acknowledgeNagFindings } from '../../lib/nag-suppressions';
import { SocialinzenStack } from '../../lib/socialinzen-stack';
import { cdkContext } from './app-context';
import { flatten, readTemplates, type StackTemplates } from './templates';

/**
 * The stack as `cdk synth` builds it for a deploy (cdk.json's context, cdk-nag's AwsSolutions pack as
 * bin/app.ts applies it, every option set), synthesized ONCE for all the template checks of
 * test/cdk/template.test.ts: a full synth costs tens of seconds on a shared 2-core machine, and the
 * checks only read it. Bundling is skipped (one real bundle: checks/bundling.ts).
 */
export interface DeployedStack {
  stack: SocialinzenStack;
  /** Every template flattened into one (test/cdk/templates.ts): what the checks of "the stack" read. */
  template: Template;
  /** The templates as CloudFormation gets them: the root and each nested stack. */
  templates: StackTemplates;
  /** Seconds the synthesis took (cdk-nag included). */
  synthSeconds: number;
  /** The cloud assembly directory (policy-validation-report.json, the template). */
  outdir: string;
  /** Acknowledgements in lib/nag-suppressions.ts that matched nothing. */
  unmatched: string[];
  /** What app.synth() threw (cdk-nag findings fail the synth), if anything. */
  synthError: unknown;
}

export const deployedStackProps = {
  projectRoot: resolve(import.meta.dirname, '../..'),
  mailFrom: 'no-reply@example.com',
  sesIdentity: 'example.com',
  componentAppid: 'wx0000000000000000',
  consoleOrigins: ['https://console.example.com'],
  alarmEmail: 'ops@example.com',
  env: { account: '123456789012', region: 'eu-west-1' },
};

let synthesized: DeployedStack | undefined;

export const deployedStack = (): DeployedStack => {
  if (synthesized) return synthesized;
  const started = performance.now();
  const outdir = mkdtempSync(join(tmpdir(), 'socialinzen-synth-'));
  const app = new App({ outdir, context: { ...cdkContext, '@aws-cdk/core:validationReportJson': true } });
  const stack = new SocialinzenStack(app, 'Test', deployedStackProps);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const unmatched = acknowledgeNagFindings(stack);
  let synthError: unknown;
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  // The templates are written before validation runs, so they are there even when nag fails.
  const templates = readTemplates(stack, outdir);
  const template = Template.fromJSON(flatten(templates));
  synthesized = { stack, template, templates, synthSeconds: (performance.now() - started) / 1000, outdir, unmatched, synthError };
  return synthesized;
};

/** Removes the cloud assembly (afterAll of the file that synthesized it). */
export const removeDeployedStack = (): void => {
  if (synthesized) rmSync(synthesized.outdir, { recursive: true, force: true });
  synthesized = undefined;
};
