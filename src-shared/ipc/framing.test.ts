import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrame, decodeUtf8, encodeFrame, encodeUtf8 } from './framing';

/** Deep equality that tells `-0` from `0`, `NaN` equals `NaN`, and typed arrays by kind and bytes. */
function isSameValue(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (typeof a !== 'object' || a === null || b === null) return Object.is(a, b);
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b)) return false;
    if (Object.prototype.toString.call(a) !== Object.prototype.toString.call(b) || a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    return x.every((byte, k) => byte === y[k]);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra);
  const kb = Object.keys(rb);
  return ka.length === kb.length && ka.every((key) => Object.prototype.hasOwnProperty.call(rb, key) && isSameValue(ra[key], rb[key]));
}

function roundTrip(value: unknown): unknown {
  const decoded = decodeFrame(encodeFrame(value));
  if (!decoded.ok) throw new Error(decoded.error);
  return decoded.value;
}

const typedArray = fc.oneof(
  fc.float64Array(),
  fc.float32Array(),
  fc.int32Array(),
  fc.int16Array(),
  fc.int8Array(),
  fc.uint32Array(),
  fc.uint16Array(),
  fc.uint8Array(),
  fc.uint8ClampedArray(),
  fc.bigInt64Array(),
  fc.bigUint64Array(),
);

const key = fc.oneof(fc.string(), fc.constantFrom('$sf$num', '$sf$bin', '$sf$obj', '__proto__', 'constructor', 'id'));

const { value: messageValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.double(),
    fc.integer(),
    fc.string({ unit: 'binary' }),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.bigInt(),
    typedArray,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  ),
}));

describe('encodeFrame / decodeFrame', () => {
  it('round-trips any plain message, typed arrays included', () => {
    fc.assert(
      fc.property(messageValue, (value) => {
        expect(isSameValue(roundTrip(value), value)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps a monitor batch as Float64Arrays with NaN, infinities and -0', () => {
    const batch = {
      runId: 'run1',
      monitor: 'monitor',
      indices: [0, 50, 99],
      t: new Float64Array([0, 1e-4, 2e-4]),
      values: { v: [new Float64Array([NaN, Infinity, -0]), new Float64Array([1, 2, 3]), new Float64Array(3)] },
      totalSamples: 3,
    };
    const decoded = roundTrip(batch) as typeof batch;
    expect(decoded.t).toBeInstanceOf(Float64Array);
    expect(decoded.values.v[0]).toBeInstanceOf(Float64Array);
    expect(isSameValue(decoded, batch)).toBe(true);
  });

  it('copies a typed array that is a view into a larger buffer', () => {
    const whole = new Float64Array([1, 2, 3, 4, 5]);
    const decoded = roundTrip({ part: whole.subarray(1, 3) }) as { part: Float64Array };
    expect(Array.from(decoded.part)).toEqual([2, 3]);
    expect(decoded.part.buffer.byteLength).toBe(16);
  });

  it('decodes a frame that sits at an odd offset inside a larger buffer', () => {
    const frame = encodeFrame({ x: new Float64Array([Math.PI]) });
    const host = new Uint8Array(frame.length + 3);
    host.set(frame, 3);
    const decoded = decodeFrame(host.subarray(3));
    expect(decoded.ok && isSameValue(decoded.value, { x: new Float64Array([Math.PI]) })).toBe(true);
  });

  it('keeps "__proto__" as a data key instead of changing the prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const decoded = roundTrip(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(['__proto__']);
  });

  it('refuses values that are not plain data', () => {
    expect(() => encodeFrame({ f: () => 1 })).toThrow(TypeError);
    expect(() => encodeFrame(new Map())).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodeFrame(cyclic)).toThrow(/cyclic/);
  });

  it('reports malformed frames as values, not exceptions', () => {
    expect(decodeFrame(new Uint8Array([1, 2, 3])).ok).toBe(false);
    const frame = encodeFrame({ x: new Float64Array([1, 2]) });
    expect(decodeFrame(frame.subarray(0, frame.length - 4)).ok).toBe(false);
    const corrupt = frame.slice();
    corrupt[4] = 0xff;
    expect(decodeFrame(corrupt).ok).toBe(false);
  });

  it('fails on arbitrary bytes without throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const withMagic = new Uint8Array([0x53, 0x46, 0x46, 0x31, ...bytes]);
        expect(() => decodeFrame(withMagic)).not.toThrow();
      }),
    );
  });
});

describe('encodeUtf8 / decodeUtf8', () => {
  it('round-trips well-formed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(decodeUtf8(encodeUtf8(text))).toBe(text);
      }),
    );
  });

  it('writes 1- to 4-byte sequences', () => {
    expect(Array.from(encodeUtf8('aµ€𝛕'))).toEqual([0x61, 0xc2, 0xb5, 0xe2, 0x82, 0xac, 0xf0, 0x9d, 0x9b, 0x95]);
  });

  it('replaces malformed sequences with U+FFFD', () => {
    expect(decodeUtf8(new Uint8Array([0x61, 0xff, 0x62, 0xe2, 0x82]))).toBe('a\ufffdb\ufffd\ufffd');
  });
});
