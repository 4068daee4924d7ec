import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { exclusiveFiles, isolatedFiles, scanningFiles, slowFiles } from './test/projects.ts';

/**
 * Vitest orders files by their last run's duration, or by size when it has none (a fresh CI
 * checkout, where size says little: a short browser story runs for half a minute). Started last,
 * a long file keeps one worker busy alone at the end of the run; started first, the rest fills in
 * around it. So the files that scan the whole table go first (`scanningFiles`: quick while it is
 * small), then those measured slowest (`slowFiles`), slowest first, in every project of a group;
 * the others keep Vitest's order after them.
 */
const firstFiles = [...scanningFiles, ...slowFiles.filter((f) => !scanningFiles.includes(f))];

const rank = (spec: TestSpecification): number => {
  const index = firstFiles.findIndex((f) => spec.moduleId.endsWith(`/${f}`));
  return index === -1 ? firstFiles.length : index;
};

class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const position = new Map(sorted.map((spec, i) => [spec, i]));
    return [...sorted].sort(
      (a, b) => a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder || rank(a) - rank(b) || position.get(a)! - position.get(b)!,
    );
  }
}

/**
 * `*.unit.test.ts`: files that use nothing the global setup starts — no `inject(...)`, none of the
 * stack helpers in test/support (http, users, accounts, dynamo, mail, inbox, faults, wechat-sim,
 * browser, back-office), no data module that reaches DynamoDB or S3 — and finish in seconds. They
 * may start a peer of their own on 127.0.0.1 and stop it (test/support/aws-json-peer.ts, the
 * WeChat simulator). They run in the `unit` project, which has no global setup: `npm run test:unit`
 * (`vitest run --project unit`), or any list of unit files, starts no server. Every other
 * `*.test.ts` gets the stack; a pure file without the suffix is still right, only slower to run
 * alone, and a file with the suffix that needs the stack fails at once (its `inject` is undefined).
 * No-server files that take long (the CDK bundling and synth checks) keep the plain name: the
 * inner loop stays quick.
 */
const unitFiles = ['test/**/*.unit.test.ts'];


const common = {
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT' },
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

/**
 * One local stack for the projects that need it. Vitest 4 runs a project's global setup only when
 * the run has files of that project (and always the root's, so the root has none); both stack
 * projects list the same file, which starts one stack for the two (test/support/global-setup.ts).
 */
const withStack = { ...common, globalSetup: ['test/support/global-setup.ts'], setupFiles: ['test/support/env.ts'] };

export default defineConfig({
  test: {
    sequence: { sequencer: LongFilesFirst },
    projects: [
      {
        // Signed requests to the test's own AWS peers need a region and credentials (any will do);
        // the stack projects take them from test/support/env.ts.
        test: {
          ...common,
          name: 'unit',
          include: unitFiles,
          env: { ...common.env, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'UNIT', AWS_SECRET_ACCESS_KEY: 'UNIT' },
          maxWorkers: 3,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Most files wait on the local stack (handlers in the main process, DynamoDB Local in
        // Java, Chromium): two at a time keep 2 cores busy where one left one idle. Vitest's
        // default on 2 cores is 1 worker.
        test: {
          ...withStack,
          name: 'parallel',
          include: ['test/**/*.test.ts'],
          exclude: [...unitFiles, ...exclusiveFiles, ...isolatedFiles],
          isolate: false,
          maxWorkers: 3,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: { ...withStack, name: 'isolated', include: isolatedFiles, maxWorkers: 3, sequence: { groupOrder: 0 } },
      },
      {
        test: { ...withStack, name: 'exclusive', include: exclusiveFiles, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
