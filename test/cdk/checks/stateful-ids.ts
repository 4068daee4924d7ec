import { beforeAll, describe, expect, it } from 'vitest';
import { deployedStack } from '../deployed-stack';
import { pinnedStatefulIds, pinViolations } from '../stateful-ids';

/** Stateful resources never move: their logical ids and types as first deployed (test/cdk/stateful-ids.ts). */
let root: { Resources: Record<string, { Type: string }> };
beforeAll(() => {
  root = deployedStack().template.toJSON() as typeof root;
}, 240_000);

describe('stateful resources', () => {
  it('keep the logical ids and types they were deployed with, in the root stack', () => {
    expect(Object.keys(pinnedStatefulIds).length).toBeGreaterThan(10);
    expect(pinViolations(root, [])).toEqual([]);
  });
});
