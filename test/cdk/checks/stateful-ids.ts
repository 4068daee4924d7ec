import { beforeAll, describe, expect, it } from 'vitest';
import { deployedStack } from '../deployed-stack';
import { pinnedStatefulIds, pinViolations } from '../stateful-ids';
import type { StackTemplates } from '../templates';

/** Stateful resources never move: their logical ids and types as first deployed (test/cdk/stateful-ids.ts). */
let templates: StackTemplates;
beforeAll(() => {
  ({ templates } = deployedStack());
}, 240_000);

describe('stateful resources', () => {
  it('keep the logical ids and types they were deployed with, in the root stack, and none sits in a nested stack', () => {
    expect(Object.keys(pinnedStatefulIds).length).toBeGreaterThan(10);
    expect(templates.nested.length).toBeGreaterThan(0);
    expect(pinViolations(templates.root, templates.nested.map((n) => n.template))).toEqual([]);
  });
});
