import { performance } from 'node:perf_hooks';

/** One line of the smoke test's report. */
export interface StepResult {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  ms: number;
  detail?: string;
}

/** A step's own refusal: its message is the report's reason, without a stack. */
export class StepFailure extends Error {
  override name = 'StepFailure';
}

export const fail = (message: string): never => {
  throw new StepFailure(message);
};

const marks = { pass: '✓', fail: '✗', skip: '–' } as const;

/** Runs steps one after another, timing each and printing ✓/✗/– as it ends. */
export class Steps {
  readonly results: StepResult[] = [];

  constructor(private readonly print: (line: string) => void) {}

  /** Runs `fn`; its string answer is shown beside the step. Answers whether it passed. */
  async run(name: string, fn: () => Promise<string | void>): Promise<boolean> {
    const started = performance.now();
    try {
      const detail = await fn();
      this.record({ name, status: 'pass', ms: performance.now() - started, ...(detail ? { detail } : {}) });
      return true;
    } catch (error) {
      const detail = error instanceof StepFailure ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.record({ name, status: 'fail', ms: performance.now() - started, detail });
      return false;
    }
  }

  skip(name: string, reason: string): void {
    this.record({ name, status: 'skip', ms: 0, detail: reason });
  }

  get failed(): StepResult[] {
    return this.results.filter((r) => r.status === 'fail');
  }

  private record(result: StepResult): void {
    this.results.push(result);
    const time = result.status === 'skip' ? '' : ` (${Math.round(result.ms)} ms)`;
    this.print(`${marks[result.status]} ${result.name}${time}${result.detail ? ` — ${result.detail}` : ''}`);
  }
}
