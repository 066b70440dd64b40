import { describe, expect, it } from 'vitest';
import { REQUEST_MEMBERS } from './contract';
import { decodeFrame, encodeFrame } from './framing';
import { isRequestMember, parseRequestArguments, REQUEST_SCHEMAS } from './schemas';

/** One valid argument list per member, as a renderer would send it. */
const VALID_ARGUMENTS: { readonly [K in keyof typeof REQUEST_SCHEMAS]: readonly unknown[] } = {
  getStartup: [],
  openExample: [{ name: 'quickstart' }],
  checkModel: [{ text: 'from brian2 import *\n' }],
  buildNetwork: [{ text: 'run(1*ms)', fileName: 'model.py', tier: 'js' }],
  startRun: [{ networkId: 'editor', duration: 0.1 }],
  stopRun: [{ networkId: 'editor', runId: 'run3' }],
  storeState: [{ networkId: 'editor', name: 'before_stimulus' }],
  restoreState: [{ networkId: 'editor' }],
  getGeneratedCode: [{ networkId: 'editor' }],
  inspectObject: [{ networkId: 'editor', object: 'neurons' }],
  inspectArray: [{ networkId: 'editor', array: '_array_neurons_v', slice: { start: 0, end: 10 } }],
  takeSnapshot: [{ networkId: 'editor', label: 'before' }],
  compareSnapshots: [{ a: 's1', b: 's2' }],
  scanNamespaces: [],
  checkConflicts: [{}],
};

describe('REQUEST_SCHEMAS', () => {
  it('has a schema for every request member of the contract and nothing else', () => {
    expect(Object.keys(REQUEST_SCHEMAS).sort()).toEqual([...REQUEST_MEMBERS].sort());
  });

  it.each(REQUEST_MEMBERS)('accepts a valid %s request after a trip through a frame', (member) => {
    const decoded = decodeFrame(encodeFrame(VALID_ARGUMENTS[member]));
    expect(decoded.ok).toBe(true);
    const parsed = parseRequestArguments(member, decoded.ok ? decoded.value : undefined);
    expect(parsed).toEqual({ ok: true, value: VALID_ARGUMENTS[member] });
  });

  it('rejects a wrong payload with an SF8006 diagnostic naming the field', () => {
    const parsed = parseRequestArguments('buildNetwork', [{ text: 42 }]);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.diagnostics[0]?.code).toBe('SF8006');
      expect(parsed.diagnostics[0]?.message).toContain('buildNetwork');
      expect(parsed.diagnostics[0]?.message).toContain('0.text');
    }
  });

  it('rejects extra arguments and a missing payload', () => {
    expect(parseRequestArguments('getStartup', [1]).ok).toBe(false);
    expect(parseRequestArguments('startRun', []).ok).toBe(false);
    expect(parseRequestArguments('startRun', undefined).ok).toBe(false);
  });

  it('rejects example names that could leave the examples folder', () => {
    expect(parseRequestArguments('openExample', [{ name: '../package' }]).ok).toBe(false);
  });

  it('rejects a slice that ends before it starts, and a negative duration', () => {
    expect(parseRequestArguments('inspectArray', [{ networkId: 'n', array: 'a', slice: { start: 5, end: 1 } }]).ok).toBe(false);
    expect(parseRequestArguments('startRun', [{ networkId: 'n', duration: -1 }]).ok).toBe(false);
  });

  it('accepts Brian2-style state names and refuses anything else', () => {
    expect(parseRequestArguments('storeState', [{ networkId: 'n', name: 'default' }]).ok).toBe(true);
    expect(parseRequestArguments('restoreState', [{ networkId: 'n', name: '_warm-up2' }]).ok).toBe(true);
    for (const name of ['', '2fast', 'a b', '../x', 'x'.repeat(65), 42]) {
      const parsed = parseRequestArguments('storeState', [{ networkId: 'n', name }]);
      expect(parsed.ok ? '' : parsed.diagnostics[0]?.message).toContain('storeState: 0.name');
    }
  });

  it('accepts stopRun with or without a run id and refuses one without a network', () => {
    expect(parseRequestArguments('stopRun', [{ networkId: 'editor' }]).ok).toBe(true);
    expect(parseRequestArguments('stopRun', [{ runId: 'run1' }]).ok).toBe(false);
  });

  it('knows request members from inherited names', () => {
    expect(isRequestMember('buildNetwork')).toBe(true);
    expect(isRequestMember('onDidRecord')).toBe(false);
    expect(isRequestMember('toString')).toBe(false);
    expect(isRequestMember('__proto__')).toBe(false);
  });
});
