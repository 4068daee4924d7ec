import { AsyncLocalStorage } from 'node:async_hooks';
import { TooManyAttemptsError } from '../errors';

/**
 * The running request's deadline (the Lambda's remaining time), so the domain can refuse to start a
 * commit it may not be able to answer: a write that lands after the function timed out would
 * leave the client with an error for work that was done.
 */
const current = new AsyncLocalStorage<() => number>();

export const withDeadline = <T>(remainingMs: () => number, fn: () => Promise<T>): Promise<T> => current.run(remainingMs, fn);

/** Time left for this request (Infinity outside a request). */
export const remainingMs = (): number => current.getStore()?.() ?? Number.POSITIVE_INFINITY;

/**
 * Sheds the request (42900 with Retry-After, nothing done) when less than `neededMs` is left: the
 * server is too busy right now, and a 429 tells the client so without claiming a server fault.
 */
export const ensureTimeFor = (neededMs: number, what: string): void => {
  if (remainingMs() < neededMs) throw new TooManyAttemptsError(`too busy to ${what} now: nothing was changed, repeat the request in 1 second`, 1);
};
