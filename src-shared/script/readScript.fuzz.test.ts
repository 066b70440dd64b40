import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import quickstart from '../../examples/quickstart.py?raw';
import { checkModel } from '../model';
import { readScript } from './readScript';

/** Fragments that steer mutations towards interesting Python: brackets, strings, blocks, calls. */
const FRAGMENTS = [
  '(', ')', '[', ']', '{', '}', "'", '"', "'''", '"""', ':', ',', '.', '=', '+=', '*', '**', '//', '/', '-', '+', ';', '#', '\\',
  '\n', '\n    ', '    ', 'for k in range(3):', 'if x:', 'else:', 'def f():', 'lambda', 'import numpy as np', 'np.', 'ms', 'mV',
  'second', '0', '1e3', '-1', 'None', 'True', 'NeuronGroup(', 'StateMonitor(', 'Synapses(', 'run(', 'Network(', 'net.run(',
  'defaultclock.dt = ', 'record=', 'name=', 'method=', "'rk4'", 'range(', 'collect()', 'neurons.v = ', 'plot(', 'print(', 'r"',
  'from brian2 import *', 'Equations(', 'prefs.', 'seed(', '0.1*ms', '10*ms + 1*mV', '$', '\t', '\r\n',
];

type Mutation = { readonly kind: 'delete' | 'insert' | 'replace'; readonly at: number; readonly length: number; readonly fragment: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('delete', 'insert', 'replace'),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 12 }),
  fragment: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })),
});

function applyMutations(text: string, mutations: readonly Mutation[]): string {
  let result = text;
  for (const m of mutations) {
    const at = result.length === 0 ? 0 : m.at % (result.length + 1);
    if (m.kind === 'delete') result = result.slice(0, at) + result.slice(at + m.length);
    else if (m.kind === 'insert') result = result.slice(0, at) + m.fragment + result.slice(at);
    else result = result.slice(0, at) + m.fragment + result.slice(at + m.length);
  }
  return result;
}

/** The reader's contract on any input: no exception, spans inside the text, an IR only without errors. */
function checkContract(text: string): void {
  const result = readScript(text);
  for (const d of result.diagnostics) {
    if (d.span === undefined) continue;
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
  }
  const hasError = result.diagnostics.some((d) => d.severity === 'error');
  expect(result.ir === undefined).toBe(hasError);
  // The IR must be well-formed enough for the network checks, which must not throw either.
  if (result.ir !== undefined) checkModel(result.ir);
}

describe('readScript never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), checkContract), { numRuns: 500 });
  });

  it('on arbitrary sequences of Python-like fragments', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }), (parts) => checkContract(parts.join(' '))), { numRuns: 500 });
  });

  it('on mutations of the Quick Start script', () => {
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => checkContract(applyMutations(quickstart, mutations))), { numRuns: 1000 });
  });

  it('on deeply nested and very long input', () => {
    checkContract(`x = ${'['.repeat(50000)}`);
    checkContract(`x = ${'-'.repeat(50000)}1`);
    checkContract(`x = ${'2**'.repeat(20000)}2`);
    checkContract(`from brian2 import *\nx = ${Array.from({ length: 5000 }, () => '1*ms').join(' + ')}\n`);
    checkContract(`from brian2 import *\nx = range(10**12)\n`);
  });
});
