/**
 * What the data layer says when it cannot do what was asked. It knows items and conditions, not
 * HTTP: the edge (src/core/http/error-mapper.ts) turns each kind into its errcode and status, and
 * an area may catch one to say something more specific. `message` names the field the caller sent
 * (`appid: …`), as every client-facing message does.
 */
export type DataErrorKind =
  /** The item is not there (40400). */
  | 'not_found'
  /** A condition failed because the item exists or changed: a uniqueness guard (40900). */
  | 'conflict'
  /** The item exists and belongs to another owner (40300). */
  | 'owned_elsewhere'
  /** A key or cursor the caller sent is not one this store gave out (40000). */
  | 'invalid_reference'
  /** Contention or throttling outlasted the retries: nothing was written, the same request later will do (50300). */
  | 'busy';

export class DataError extends Error {
  override name = 'DataError';
  constructor(
    readonly kind: DataErrorKind,
    message: string,
    options?: { cause?: unknown; rule?: string },
  ) {
    super(message, options);
    this.rule = options?.rule;
  }
  /** The rule of src/core/messages/texts.ts that words this refusal for a person, when a general one would not do. */
  readonly rule: string | undefined;
}

export class ItemNotFound extends DataError {
  override name = 'ItemNotFound';
  constructor(message: string, options?: { cause?: unknown }) {
    super('not_found', message, options);
  }
}

export class ItemConflict extends DataError {
  override name = 'ItemConflict';
  constructor(message: string, options?: { cause?: unknown; rule?: string }) {
    super('conflict', message, options);
  }
}

export class OwnedElsewhere extends DataError {
  override name = 'OwnedElsewhere';
  constructor(message: string, options?: { cause?: unknown }) {
    super('owned_elsewhere', message, options);
  }
}

export class InvalidReference extends DataError {
  override name = 'InvalidReference';
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid_reference', message, options);
  }
}

export class StorageBusy extends DataError {
  override name = 'StorageBusy';
  constructor(message: string, options?: { cause?: unknown }) {
    super('busy', message, options);
  }
}
