import { getSuspension } from '../data/suspensions';
import { AccountCannotError } from '../errors';

export class SuspendedError extends AccountCannotError {
  override name = 'SuspendedError';
  constructor() {
    super("the platform has suspended this organization's sends: contact the platform's support", 'platform', { problem: { rule: 'account.suspended' } });
  }
}

/**
 * Refuses (40302, rule account.suspended) while the platform has suspended the organization's sends
 * (src/core/data/suspensions.ts): one GetItem, on the routes that send. The reason stays with the platform.
 */
export const assertNotSuspended = async (orgId: string): Promise<void> => {
  if (await getSuspension(orgId)) throw new SuspendedError();
};
