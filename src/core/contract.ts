/**
 * The shape of a route's contract. Each area declares its routes' contracts beside their answer
 * schemas (`src/<area>/contract.ts`): the schema its handler validates with, the answer, the
 * errcodes of its own; lib/contract.ts adds what every route of a kind may answer and assembles
 * the contract the OpenAPI document, the docs and the console's client derive from. Never imported
 * by a Lambda (it would pull every schema of an area).
 */
import type * as z from 'zod';
import type { ErrorCodeNumber } from './http/outputs';

/** A multipart file part a handler reads beside the fields. */
export interface FileField {
  readonly name: string;
  readonly alias?: string;
  readonly required: boolean;
  readonly description: string;
}

export interface RouteContract {
  /** The schema the handler validates with: query, body fields and path parameters merged. */
  readonly input: z.core.$ZodType;
  /** The success answer's body (JSON unless `answer` says otherwise). */
  readonly output: z.ZodType;
  /** Every errcode the route may answer (besides 0), each with SPEC §3's HTTP status. */
  readonly errcodes: readonly ErrorCodeNumber[];
  /** Multipart file parts the handler reads beside the fields. */
  readonly files?: readonly FileField[];
  /** The seed's spellings the input accepts, alias → name (field names and, for `vedio`, a value). */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Fields the input takes loosely and the domain checks in a second stage, with the schema it checks them with. */
  readonly fields?: Readonly<Record<string, z.ZodType>>;
  /** WeChat-facing routes: the XML the body holds (the handler reads it with its own parser). */
  readonly xmlBody?: z.ZodType;
  /** A success answer that is not JSON. */
  readonly answer?: { readonly contentType: 'text/plain' | 'text/csv' | 'application/xml' | 'application/octet-stream' | 'image/*'; readonly schema: z.ZodType; readonly description: string };
  /** A success answer that is a 302 (besides, or instead of, the JSON one). */
  readonly redirect?: string;
  /** The success answer is the JSON `output` (false when only `answer`/`redirect` apply). */
  readonly json?: boolean;
}

/** What an area declares per route: its contract without the errcodes every route of its kind answers. */
export type ContractSpec = Omit<RouteContract, 'errcodes'> & {
  /** Account-scoped (optional `appid`): may answer 40300, 40400 and 41200. */
  readonly account?: boolean;
  /** The route's own errcodes beyond those of its kind. */
  readonly codes?: readonly ErrorCodeNumber[];
};
