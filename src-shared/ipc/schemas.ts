/**
 * Zod schemas for every request payload of the contract. Whatever arrives from a renderer (Electron
 * IPC) or a socket (web host) is `unknown` until it passes these: the receiving side parses the
 * argument list of a member with `REQUEST_SCHEMAS[member]` before the backend sees it. Limits are
 * generous but finite, so a hostile page cannot make the backend allocate without bound.
 */
import { z } from 'zod';
import { makeDiagnostic } from '../diagnostics';
import type { SpikeForgeRequests } from './contract';
import { ipcFail, ipcOk, type IpcResult } from './ipcResult';

/** Longest model text accepted, in UTF-16 code units (a Brian2 script is a few kB). */
export const MAX_MODEL_TEXT_LENGTH = 4 * 1024 * 1024;

const identifierSchema = z.string().min(1).max(256);
const fileNameSchema = z.string().max(1024);
const indexSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** `openExample`: example names are file stems, so nothing that could walk out of examples/. */
export const openExampleRequestSchema = z.object({ name: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/) });

/** `checkModel`. */
export const checkRequestSchema = z.object({
  text: z.string().max(MAX_MODEL_TEXT_LENGTH),
  fileName: fileNameSchema.optional(),
});

/** `buildNetwork`. */
export const buildRequestSchema = checkRequestSchema.extend({
  tier: z.enum(['js', 'native', 'auto']).optional(),
});

/** `startRun`: the optional duration is in seconds. */
export const runRequestSchema = z.object({
  networkId: identifierSchema,
  duration: z.number().positive().finite().optional(),
});

/** `stopRun`. */
export const stopRunRequestSchema = z.object({ networkId: identifierSchema, runId: identifierSchema.optional() });

/**
 * Names of stored network states (Brian2's `store(name)`): Python-identifier-like, so they read
 * the same in the UI, the CLI and an exported script.
 */
export const stateNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, { message: 'a state name is a letter or _ followed by up to 63 letters, digits, _ or -' });

/** `storeState` / `restoreState`: the name defaults to Brian2's `'default'`. */
export const networkStateRequestSchema = z.object({ networkId: identifierSchema, name: stateNameSchema.optional() });

/** `getGeneratedCode`. */
export const generatedCodeRequestSchema = z.object({ networkId: identifierSchema });

/** `inspectObject`. */
export const inspectObjectRequestSchema = z.object({ networkId: identifierSchema, object: identifierSchema });

/** `inspectArray`: a half-open slice `[start, end)` of element indices. */
export const inspectArrayRequestSchema = z.object({
  networkId: identifierSchema,
  array: identifierSchema,
  slice: z
    .object({ start: indexSchema, end: indexSchema })
    .refine((slice) => slice.end >= slice.start, { message: 'slice end must not be before its start' })
    .optional(),
});

/** `takeSnapshot`. */
export const snapshotRequestSchema = z.object({ networkId: identifierSchema, label: z.string().max(256) });

/** `compareSnapshots`. */
export const compareSnapshotsRequestSchema = z.object({ a: identifierSchema, b: identifierSchema });

/** `checkConflicts`. */
export const conflictRequestSchema = z.object({ names: z.array(identifierSchema).max(100_000).optional() });

/** The argument list each request member accepts. */
export type RequestArguments<K extends keyof SpikeForgeRequests> = Parameters<SpikeForgeRequests[K]>;

/**
 * Schema of the whole argument list per request member (a tuple: empty for members without a
 * payload). Typed so that a member added to the contract without a schema does not compile.
 */
export const REQUEST_SCHEMAS: { readonly [K in keyof SpikeForgeRequests]: z.ZodType<RequestArguments<K>> } = {
  getStartup: z.tuple([]),
  openExample: z.tuple([openExampleRequestSchema]),
  checkModel: z.tuple([checkRequestSchema]),
  buildNetwork: z.tuple([buildRequestSchema]),
  startRun: z.tuple([runRequestSchema]),
  stopRun: z.tuple([stopRunRequestSchema]),
  storeState: z.tuple([networkStateRequestSchema]),
  restoreState: z.tuple([networkStateRequestSchema]),
  getGeneratedCode: z.tuple([generatedCodeRequestSchema]),
  inspectObject: z.tuple([inspectObjectRequestSchema]),
  inspectArray: z.tuple([inspectArrayRequestSchema]),
  takeSnapshot: z.tuple([snapshotRequestSchema]),
  compareSnapshots: z.tuple([compareSnapshotsRequestSchema]),
  scanNamespaces: z.tuple([]),
  checkConflicts: z.tuple([conflictRequestSchema]),
};

/** True when `name` is a request member of the contract (own key, not an inherited one). */
export function isRequestMember(name: unknown): name is keyof SpikeForgeRequests {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(REQUEST_SCHEMAS, name);
}

/**
 * Parses the argument list of a request. Failure is an `SF8006` diagnostic naming the member and
 * what was wrong, ready to send back as the request's result.
 */
export function parseRequestArguments<K extends keyof SpikeForgeRequests>(member: K, args: unknown): IpcResult<RequestArguments<K>> {
  const schema: z.ZodType<RequestArguments<K>> = REQUEST_SCHEMAS[member];
  const parsed = schema.safeParse(args);
  if (parsed.success) return ipcOk(parsed.data);
  const detail = `${member}: ${parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'arguments'}: ${issue.message}`).join('; ')}`;
  return ipcFail([makeDiagnostic('SF8006', { detail })]);
}
