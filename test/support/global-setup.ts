import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../../local/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dynamoEndpoint: string;
    s3Endpoint: string;
    sesEndpoint: string;
    queuesEndpoint: string;
    wechatBase: string;
    tableName: string;
    bucketName: string;
  }
}

/** One local stack (in-memory DynamoDB Local, s3rver, SES stand-in, gateway) for the whole run. */
export default async function setup(project: TestProject) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  // Expected upstream failures (50200) would log a warning each; unexpected errors still print.
  process.env['POWERTOOLS_LOG_LEVEL'] ??= 'ERROR';
  const stack = await startLocalStack({ root, port: 0 });
  project.provide('baseUrl', stack.baseUrl);
  project.provide('dynamoEndpoint', stack.dynamoEndpoint);
  project.provide('s3Endpoint', stack.s3Endpoint);
  project.provide('sesEndpoint', stack.sesEndpoint);
  project.provide('queuesEndpoint', stack.queuesEndpoint);
  project.provide('wechatBase', stack.wechatSimulator!);
  project.provide('tableName', stack.tableName);
  project.provide('bucketName', stack.bucketName);
  return () => stack.stop();
}
