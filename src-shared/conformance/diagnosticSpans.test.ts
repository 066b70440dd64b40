/**
 * C74 Diagnostics with spans: every rejection of C9–C17, C21, C24, C37 and C53, written as a
 * Brian2 script, produces an error whose span covers the offending token(s) of the document (the
 * editor draws its marker from that span: e2e/quickstart.spec.ts checks one on screen).
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics';
import { checkModel } from '../model';
import { readScript } from '../script';

const HEAD = 'from brian2 import *\ntau = 10*ms\n';

/** Case → [script line(s) after the head, expected code, the exact text the span covers]. */
const REJECTIONS: readonly (readonly [string, string, string, string])[] = [
  ['C9 no colon before the unit', "G = NeuronGroup(1, 'dv/dt = -v / tau volt')", 'SF2002', 'volt'],
  ['C9 two units', "G = NeuronGroup(1, 'dv/dt = -v / tau : volt second')", 'SF1004', 'second'],
  ['C11 reserved name', "G = NeuronGroup(1, 'dt/dt = -t / tau : 1')", 'SF3004', 't'],
  ['C12 inconsistent units', "G = NeuronGroup(1, '''dv/dt = (-v + I)/tau : volt\nI : amp''')", 'SF1006', 'I'],
  ['C13 function argument with units', "G = NeuronGroup(1, 'dv/dt = sin(v)/tau : volt')", 'SF1002', 'v'],
  ['C14 threshold literal without unit', "G = NeuronGroup(1, 'dv/dt = -v/tau : volt', threshold='v > 0', reset='v = 0*mV')", 'SF1006', '0'],
  ['C15 scaled unit after the colon', "G = NeuronGroup(1, 'dv/dt = -v/tau : mV')", 'SF1003', 'mV'],
  ['C17 dt without a unit', "G = NeuronGroup(1, 'dv/dt = -v/tau : volt', dt=0.5)", 'SF4004', '0.5'],
  ['C21 refractory in Hz', "G = NeuronGroup(1, 'dv/dt = -v/tau : volt', threshold='v > 1*mV', reset='v = 0*mV', refractory='3*Hz')", 'SF4017', '3*Hz'],
  ['C24 threshold not boolean', "G = NeuronGroup(1, 'dv/dt = -v/tau : volt', threshold='v', reset='v = 0*mV')", 'SF4016', 'v'],
  [
    'C37 clock-driven equation using an event-driven variable',
    "G = NeuronGroup(2, 'v : 1', threshold='v > 1', reset='v = 0')\nS = Synapses(G, G, '''dx/dt = -x/tau : 1 (event-driven)\ndy/dt = (x - y)/tau : 1 (clock-driven)''', on_pre='x += 1')\nS.connect()",
    'SF3011',
    'x',
  ],
  ['C53 two spikes in one dt bin', 'G = SpikeGeneratorGroup(1, [0, 0], [1*ms, 1.05*ms])', 'SF4011', '[1*ms, 1.05*ms]'],
];

function errors(text: string): Diagnostic[] {
  const read = readScript(text);
  return [...read.diagnostics, ...(read.ir === undefined ? [] : checkModel(read.ir).diagnostics)].filter((d) => d.severity === 'error');
}

describe('C74 every rejection carries the span of the offending text', () => {
  for (const [name, lines, code, token] of REJECTIONS) {
    it(name, () => {
      const text = `${HEAD}${lines}\nrun(1*ms)\n`;
      const found = errors(text);
      expect(found.length).toBeGreaterThan(0);
      const first = found[0] as Diagnostic;
      expect(first.code).toBe(code);
      expect(first.span).toBeDefined();
      const span = first.span ?? { start: 0, end: 0 };
      expect(text.slice(span.start, span.end)).toBe(token);
      // The span lies inside the object's own line(s), never in the head or the run() line.
      expect(span.start).toBeGreaterThanOrEqual(HEAD.length);
      expect(span.end).toBeLessThanOrEqual(HEAD.length + lines.length);
    });
  }
});
