import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiFunction } from '../../../lib/api-function';
import { FunctionRoles } from '../../../lib/function-roles';
import { routeList } from '../../../lib/routes';

describe('bundling', () => {
  it('bundles a handler with esbuild into a minified ESM asset, the AWS SDK inside', () => {
    // Prepare: the construct every function is built with, for the first route of the table.
    const app = new App();
    const stack = new Stack(app, 'Bundled');
    const roles = new FunctionRoles(stack, 'Roles');
    const fn = new ApiFunction(stack, 'Fn', {
      entry: routeList[0]!.handler,
      projectRoot: resolve(import.meta.dirname, '../../..'),
      description: 'bundling check',
      logRetention: RetentionDays.ONE_WEEK,
      roles,
    });
    roles.build();

    // Act
    const assembly = app.synth();

    // Assess
    const code = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(fn.fn.node.defaultChild as never)]
      .Properties.Code;
    const assetDir = join(assembly.directory, `asset.${String(code.S3Key).replace(/\.zip$/, '')}`);
    expect(existsSync(assetDir)).toBe(true);
    // No source map (measured: README, "Cold start").
    expect(readdirSync(assetDir).sort()).toEqual(['index.mjs']);
    const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    expect(bundle.length).toBeGreaterThan(10_000);
    // Minified: long lines (only license comments break them), and the ESM banner's require shim.
    expect(bundle.length / bundle.split('\n').length).toBeGreaterThan(1000);
    expect(bundle).toContain('createRequire');
    // The AWS SDK is bundled (it loads faster than the runtime's copy), and our own code is inside.
    expect(bundle).not.toMatch(/from\s*"@aws-sdk\//);
    expect(bundle).toContain('DynamoDB_20120810');
    expect(bundle).toContain('already taken');
  }, 180_000); // esbuild bundles the AWS SDK too now; slow on a loaded machine
});
