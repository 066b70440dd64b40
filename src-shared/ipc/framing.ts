/**
 * Binary framing of contract messages for transports without structured clone (the web host's
 * WebSocket). JSON alone would turn a `Float64Array` of samples into an object of decimal strings,
 * lose `NaN`, `±Infinity` and `-0`, and cost a parse per number; so each frame is a small JSON
 * envelope plus the typed arrays' raw bytes:
 *
 * ```
 * 0      4        8                 8+H, padded to 8
 * "SFF1" | H (u32 LE) | header: UTF-8 JSON | part 0 | part 1 | …   (each part 8-byte aligned)
 * ```
 *
 * The header is `{ le, parts: [[kind, offset, byteLength], …], body }`. In `body` a typed array
 * is replaced by `{"$sf$bin": partIndex}`, and numbers and values JSON cannot hold by markers
 * (`$sf$num`, `$sf$undef`, `$sf$bigint`); a user object that has a `$sf$…` key itself is escaped
 * as `{"$sf$obj": [[key, value], …]}`, so markers are never ambiguous. Parts are in the platform's
 * byte order (both ends run on one machine); `le` records it and a mismatch is refused.
 *
 * UTF-8 is coded here because `src-shared` has no `TextEncoder` (no DOM, no Node).
 */
import { z } from 'zod';
import type { SpikeForgeEvents, SpikeForgeRequests } from './contract';

const MAGIC = [0x53, 0x46, 0x46, 0x31] as const; // "SFF1"
const PREFIX_BYTES = 8;
const MARKER_PREFIX = '$sf$';

const TYPED_ARRAY_CONSTRUCTORS = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  BigInt64Array,
  BigUint64Array,
} as const;

/** The typed-array kinds a frame can carry. */
export type TypedArrayKind = keyof typeof TYPED_ARRAY_CONSTRUCTORS;

type AnyTypedArray = InstanceType<(typeof TYPED_ARRAY_CONSTRUCTORS)[TypedArrayKind]>;

/** Outcome of {@link decodeFrame}: frames come from the network, so failure is a value. */
export type DecodeResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

function isLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/** The typed-array kind of `value`, by its brand (works across realms, unlike `instanceof`). */
function typedArrayKind(value: object): TypedArrayKind | undefined {
  if (!ArrayBuffer.isView(value)) return undefined;
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  return Object.prototype.hasOwnProperty.call(TYPED_ARRAY_CONSTRUCTORS, tag) ? (tag as TypedArrayKind) : undefined;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function encodeNumber(value: number): unknown {
  if (Number.isNaN(value)) return { $sf$num: 'NaN' };
  if (value === Infinity) return { $sf$num: 'Infinity' };
  if (value === -Infinity) return { $sf$num: '-Infinity' };
  if (Object.is(value, -0)) return { $sf$num: '-0' };
  return value;
}

function toEnvelopeBody(value: unknown, parts: ArrayBufferView[], path: Set<object>): unknown {
  switch (typeof value) {
    case 'number':
      return encodeNumber(value);
    case 'string':
    case 'boolean':
      return value;
    case 'undefined':
      return { $sf$undef: 1 };
    case 'bigint':
      return { $sf$bigint: value.toString() };
    case 'object': {
      if (value === null) return null;
      if (typedArrayKind(value) !== undefined) {
        parts.push(value as ArrayBufferView); // Safe: typedArrayKind only accepts views.
        return { $sf$bin: parts.length - 1 };
      }
      if (path.has(value)) throw new TypeError('cannot frame a cyclic value');
      path.add(value);
      try {
        if (Array.isArray(value)) return value.map((item: unknown) => toEnvelopeBody(item, parts, path));
        if (!isPlainObject(value)) throw new TypeError(`cannot frame a ${Object.prototype.toString.call(value).slice(8, -1)}`);
        const entries = Object.entries(value).map(([key, item]): [string, unknown] => [key, toEnvelopeBody(item, parts, path)]);
        if (entries.some(([key]) => key.startsWith(MARKER_PREFIX))) return { $sf$obj: entries };
        return Object.fromEntries(entries);
      } finally {
        path.delete(value);
      }
    }
    default:
      throw new TypeError(`cannot frame a ${typeof value}`);
  }
}

/** Encodes `text` as UTF-8 (`text` is well formed: JSON.stringify escapes lone surrogates). */
export function encodeUtf8(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (let k = 0; k < text.length; k++) {
    let c = text.charCodeAt(k);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && k + 1 < text.length) {
      const low = text.charCodeAt(k + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        k++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // a lone surrogate has no UTF-8 form
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else if (c < 0x10000) {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      out[n++] = 0xf0 | (c >> 18);
      out[n++] = 0x80 | ((c >> 12) & 0x3f);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return out.subarray(0, n);
}

/** Decodes UTF-8 bytes; malformed sequences become U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  const chunks: string[] = [];
  let units: number[] = [];
  const at = (k: number): number => bytes[k] ?? 0;
  const isContinuation = (k: number): boolean => k < bytes.length && (at(k) & 0xc0) === 0x80;
  let k = 0;
  while (k < bytes.length) {
    const b = at(k);
    let code = 0xfffd;
    let width = 1;
    if (b < 0x80) code = b;
    else if (b >= 0xc2 && b < 0xe0 && isContinuation(k + 1)) {
      code = ((b & 0x1f) << 6) | (at(k + 1) & 0x3f);
      width = 2;
    } else if (b >= 0xe0 && b < 0xf0 && isContinuation(k + 1) && isContinuation(k + 2)) {
      const c = ((b & 0x0f) << 12) | ((at(k + 1) & 0x3f) << 6) | (at(k + 2) & 0x3f);
      if (c >= 0x800 && (c < 0xd800 || c > 0xdfff)) code = c;
      width = 3;
    } else if (b >= 0xf0 && b < 0xf5 && isContinuation(k + 1) && isContinuation(k + 2) && isContinuation(k + 3)) {
      const c = ((b & 0x07) << 18) | ((at(k + 1) & 0x3f) << 12) | ((at(k + 2) & 0x3f) << 6) | (at(k + 3) & 0x3f);
      if (c >= 0x10000 && c <= 0x10ffff) code = c;
      width = 4;
    }
    k += width;
    if (code >= 0x10000) units.push(0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff));
    else units.push(code);
    if (units.length >= 8192) {
      chunks.push(String.fromCharCode(...units));
      units = [];
    }
  }
  chunks.push(String.fromCharCode(...units));
  return chunks.join('');
}

function alignTo8(n: number): number {
  return (n + 7) & ~7;
}

/**
 * Encodes a message (plain data: objects, arrays, strings, numbers, booleans, null, undefined,
 * bigints, typed arrays) into one binary frame. Throws `TypeError` for anything else (functions,
 * class instances, cycles): those are programming errors, not data.
 */
export function encodeFrame(message: unknown): Uint8Array {
  const parts: ArrayBufferView[] = [];
  const body = toEnvelopeBody(message, parts, new Set());
  const table: [TypedArrayKind, number, number][] = [];
  let offset = 0;
  for (const part of parts) {
    // Safe: only views that passed typedArrayKind were pushed.
    table.push([typedArrayKind(part) as TypedArrayKind, offset, part.byteLength]);
    offset = alignTo8(offset + part.byteLength);
  }
  const header = encodeUtf8(JSON.stringify({ le: isLittleEndian(), parts: table, body }));
  const partsStart = alignTo8(PREFIX_BYTES + header.length);
  const frame = new Uint8Array(partsStart + offset);
  frame.set(MAGIC, 0);
  new DataView(frame.buffer).setUint32(4, header.length, true);
  frame.set(header, PREFIX_BYTES);
  parts.forEach((part, index) => {
    const entry = table[index];
    if (entry !== undefined) frame.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), partsStart + entry[1]);
  });
  return frame;
}

const headerSchema = z.object({
  le: z.boolean(),
  parts: z.array(z.tuple([z.string(), z.number().int().nonnegative(), z.number().int().nonnegative()])),
  body: z.unknown(),
});

class FrameError extends Error {}

function fromEnvelopeBody(value: unknown, parts: readonly AnyTypedArray[]): unknown {
  if (Array.isArray(value)) return value.map((item: unknown) => fromEnvelopeBody(item, parts));
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  const record = value as Record<string, unknown>; // Safe: a non-null, non-array object from JSON.parse.
  const only = keys.length === 1 ? keys[0] : undefined;
  if (only !== undefined && only.startsWith(MARKER_PREFIX)) {
    const payload = record[only];
    switch (only) {
      case '$sf$bin': {
        const part = typeof payload === 'number' ? parts[payload] : undefined;
        if (part === undefined) throw new FrameError(`unknown binary part ${String(payload)}`);
        return part;
      }
      case '$sf$num':
        if (payload === 'NaN') return NaN;
        if (payload === 'Infinity') return Infinity;
        if (payload === '-Infinity') return -Infinity;
        if (payload === '-0') return -0;
        throw new FrameError(`bad number marker ${String(payload)}`);
      case '$sf$undef':
        return undefined;
      case '$sf$bigint':
        if (typeof payload !== 'string' || !/^-?\d+$/.test(payload)) throw new FrameError('bad bigint marker');
        return BigInt(payload);
      case '$sf$obj': {
        if (!Array.isArray(payload)) throw new FrameError('bad object marker');
        const entries = payload.map((entry: unknown): [string, unknown] => {
          if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string') throw new FrameError('bad object entry');
          return [entry[0], fromEnvelopeBody(entry[1], parts)];
        });
        return Object.fromEntries(entries);
      }
      default:
        throw new FrameError(`unknown marker ${only}`);
    }
  }
  // Object.fromEntries defines own properties, so a "__proto__" key stays data.
  return Object.fromEntries(keys.map((key) => [key, fromEnvelopeBody(record[key], parts)]));
}

/** Decodes a frame made by {@link encodeFrame}. Typed arrays are copies, independent of `frame`. */
export function decodeFrame(frame: Uint8Array): DecodeResult {
  try {
    if (frame.length < PREFIX_BYTES || MAGIC.some((byte, k) => frame[k] !== byte)) throw new FrameError('not a SpikeForge frame');
    const headerLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(4, true);
    if (PREFIX_BYTES + headerLength > frame.length) throw new FrameError('truncated header');
    let parsed: unknown;
    try {
      parsed = JSON.parse(decodeUtf8(frame.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength)));
    } catch {
      throw new FrameError('header is not JSON');
    }
    const header = headerSchema.safeParse(parsed);
    if (!header.success) throw new FrameError('malformed header');
    if (header.data.le !== isLittleEndian() && header.data.parts.length > 0) throw new FrameError('byte order differs');
    const partsStart = alignTo8(PREFIX_BYTES + headerLength);
    const parts = header.data.parts.map(([kind, offset, byteLength]) => {
      if (!Object.prototype.hasOwnProperty.call(TYPED_ARRAY_CONSTRUCTORS, kind)) throw new FrameError(`unknown array kind ${kind}`);
      const Ctor = TYPED_ARRAY_CONSTRUCTORS[kind as TypedArrayKind]; // Safe: checked just above.
      if (partsStart + offset + byteLength > frame.length || byteLength % Ctor.BYTES_PER_ELEMENT !== 0) throw new FrameError('binary part out of bounds');
      const copy = new Uint8Array(byteLength);
      copy.set(frame.subarray(partsStart + offset, partsStart + offset + byteLength));
      return new Ctor(copy.buffer);
    });
    return { ok: true, value: fromEnvelopeBody(header.data.body, parts) };
  } catch (error) {
    if (error instanceof FrameError || error instanceof RangeError) return { ok: false, error: error.message };
    throw error;
  }
}

/** A request over a socket: `args` is the member's argument list. */
export interface WireRequest {
  readonly id: number;
  readonly method: keyof SpikeForgeRequests;
  readonly args: readonly unknown[];
}

/** The answer to a request: `result` is the member's `IpcResult`. */
export interface WireResponse {
  readonly id: number;
  readonly result: unknown;
}

/** An event pushed to every subscriber. */
export interface WireEvent {
  readonly event: keyof SpikeForgeEvents;
  readonly payload: unknown;
}

/** Schema of an incoming request envelope (the arguments are checked per member afterwards). */
export const wireRequestSchema = z.object({
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  method: z.string().max(64),
  args: z.array(z.unknown()).max(8),
});

/** Schema of an incoming response or event envelope, on the client side. */
export const wireReplySchema = z.union([
  z.object({ id: z.number().int().nonnegative(), result: z.unknown() }),
  z.object({ event: z.string().max(64), payload: z.unknown() }),
]);
