import { describe, expect, it } from 'vitest';
import namespaceDemo from '../../examples/namespace_demo.py?raw';
import quickstart from '../../examples/quickstart.py?raw';
import type { SourceSpan } from '../diagnostics';
import { checkModel } from '../model';
import { lookupUnit } from '../units';
import { readScript } from './readScript';

const ms = lookupUnit('ms')?.value ?? Number.NaN;
const mV = lookupUnit('mV')?.value ?? Number.NaN;
const second = lookupUnit('second');
const volt = lookupUnit('volt');
if (second === undefined || volt === undefined) throw new Error('unit table lacks second/volt');

function slice(text: string, span: SourceSpan | undefined): string {
  return span === undefined ? '<no span>' : text.slice(span.start, span.end);
}

function codes(text: string): string[] {
  return readScript(text).diagnostics.map((d) => d.code);
}

describe('readScript: the Quick Start script', () => {
  it('reads into the expected model IR, with exact numbers', () => {
    const { ir, diagnostics } = readScript(quickstart);
    expect(diagnostics).toEqual([]);
    const eqsStart = quickstart.indexOf("'''") + 3;
    expect(ir).toEqual({
      name: 'network',
      dt: 0.1 * ms,
      dtSpan: expect.anything(),
      duration: 100 * ms,
      groups: [
        {
          name: 'neurons',
          N: 100,
          equations: '\ndv/dt = (-v + I) / tau : 1\n',
          equationsOffset: eqsStart,
          method: 'euler',
          namespace: { tau: { value: 10 * ms, dim: second.dim }, I: { value: 1, dim: expect.anything() } },
          initial: [{ variable: 'v', value: 0, span: expect.anything() }],
          span: expect.anything(),
          nSpan: expect.anything(),
          methodSpan: expect.anything(),
        },
      ],
      monitors: [
        {
          name: 'monitor',
          source: 'neurons',
          variables: ['v'],
          record: [0, 50, 99],
          span: expect.anything(),
          variablesSpan: expect.anything(),
          recordSpans: [expect.anything(), expect.anything(), expect.anything()],
        },
      ],
    });
    expect([ir?.dt, ir?.duration]).toEqual([0.0001, 0.1]); // float(0.1*ms), float(100*ms) in Brian2
  });

  it('keeps spans that point at the script text', () => {
    const ir = readScript(quickstart).ir;
    const group = ir?.groups[0];
    const monitor = ir?.monitors[0];
    expect(slice(quickstart, ir?.dtSpan)).toBe('0.1*ms');
    expect(slice(quickstart, group?.span)).toBe("NeuronGroup(100, eqs, method='euler')");
    expect(slice(quickstart, group?.nSpan)).toBe('100');
    expect(slice(quickstart, group?.methodSpan)).toBe("'euler'");
    expect(slice(quickstart, group?.initial[0]?.span)).toBe('neurons.v = 0');
    expect(quickstart.slice(group?.equationsOffset ?? 0).startsWith(group?.equations ?? '?')).toBe(true);
    expect(slice(quickstart, monitor?.variablesSpan)).toBe("'v'");
    expect(monitor?.recordSpans?.map((s) => slice(quickstart, s))).toEqual(['0', '50', '99']);
  });

  it('passes the network checks', () => {
    const ir = readScript(quickstart).ir;
    expect(ir).toBeDefined();
    if (ir !== undefined) expect(checkModel(ir).diagnostics).toEqual([]);
  });

  it('lists constants, objects and strings as symbols', () => {
    const { symbols } = readScript(quickstart);
    expect(symbols.constants.map((c) => [c.name, c.value, slice(quickstart, c.span), slice(quickstart, c.valueSpan)])).toEqual([
      ['tau', 10 * ms, 'tau', '10*ms'],
      ['I', 1, 'I', '1'],
    ]);
    expect(symbols.objects.map((o) => [o.name, o.objectName, o.kind])).toEqual([
      ['neurons', 'neurons', 'NeuronGroup'],
      ['monitor', 'monitor', 'StateMonitor'],
    ]);
    expect(symbols.strings.map((s) => s.name)).toEqual(['eqs']);
  });

  it('uses the given network name', () => {
    expect(readScript(quickstart, { networkName: 'quick' }).ir?.name).toBe('quick');
  });
});

describe('readScript: constants', () => {
  it('evaluates arithmetic with units, earlier constants, pi and e', () => {
    const text = 'from brian2 import *\ntaum = 20*ms; Vt = -50*mV\nwe = (60*0.27/10)*mV\nk = 7 // 2 + 2**-1 - 7 % 3\nr = pi * e\nt2 = taum ** 2 / taum\nN = 100\n';
    const { symbols, diagnostics } = readScript(text);
    expect(diagnostics).toEqual([]);
    const value = (name: string): number | undefined => symbols.constants.find((c) => c.name === name)?.value;
    expect(value('taum')).toBe(20 * ms);
    expect(value('Vt')).toBe(-(50 * mV));
    expect(value('we')).toBe(((60 * 0.27) / 10) * mV);
    expect(value('k')).toBe(3 + 0.5 - 1);
    expect(value('r')).toBe(Math.PI * Math.E);
    expect(value('t2')).toBeCloseTo(20 * ms, 15);
    expect(value('N')).toBe(100);
    expect(symbols.constants.find((c) => c.name === 'Vt')?.dim).toEqual(volt.dim);
  });

  it('accepts a plain 0 added to a quantity, as Brian2 does', () => {
    expect(codes('from brian2 import *\nx = 0 + 1*mV\n')).toEqual([]);
  });

  it('gives every group all number and quantity constants as its namespace, resolved at run()', () => {
    const text = "from brian2 import *\ntau = 10*ms\nname = 'x'\nG = NeuronGroup(2, 'dv/dt = -v/tau : 1')\nrun(1*ms)\nlate = 3\n";
    const ir = readScript(text).ir;
    expect(Object.keys(ir?.groups[0]?.namespace ?? {})).toEqual(['tau']);
  });

  it('does not turn imported unit names into model constants', () => {
    const text = "from brian2 import NeuronGroup, ms, run\ntau = 5*ms\nG = NeuronGroup(2, 'dv/dt = -v/tau : 1')\nrun(1*ms)\n";
    const { ir, diagnostics } = readScript(text);
    expect(diagnostics).toEqual([]);
    expect(Object.keys(ir?.groups[0]?.namespace ?? {})).toEqual(['tau']);
  });
});

describe('readScript: objects', () => {
  const eqs = "eqs = '''\ndv/dt = -v/tau : volt\n'''\n";
  const head = `from brian2 import *\ntau = 10*ms\n${eqs}`;

  it('reads NeuronGroup arguments by keyword, the name= argument and Equations()', () => {
    const text = `${head}G = NeuronGroup(N=5, model=Equations(eqs), method='euler', name='cells', dt=0.1*ms)\nG.v = -70*mV\nrun(1*ms)\n`;
    const { ir, diagnostics } = readScript(text);
    expect(diagnostics).toEqual([]);
    expect(ir?.groups[0]).toMatchObject({ name: 'cells', N: 5, method: 'euler', initial: [{ variable: 'v', value: -70 * mV }] });
    expect(ir?.groups[0]?.equationsOffset).toBe(text.indexOf("'''") + 3);
  });

  it('names unassigned objects like Brian2 does', () => {
    const text = `${head}M = StateMonitor(NeuronGroup(2, eqs), 'v', record=True)\nrun(1*ms)\n`;
    const ir = readScript(text).ir;
    expect(ir?.groups[0]?.name).toBe('neurongroup');
    expect(ir?.monitors[0]).toMatchObject({ name: 'M', source: 'neurongroup', record: true });
  });

  it('reads lists, raw values and record=range(...)', () => {
    const text = `${head}G = NeuronGroup(3, eqs)\nG.v = [0, 1, 2]*mV if False else [0*mV, 1*mV, 2*mV]\n`;
    expect(codes(text)).toContain('SF4009'); // conditional expressions are not read
    const ok = `${head}G = NeuronGroup(3, eqs)\nG.v = [0*mV, 1*mV, 2*mV]\nG.v_ = 0.5\nM = StateMonitor(G, ['v'], record=range(0, 3, 2))\nrun(1*ms)\n`;
    const { ir, diagnostics } = readScript(ok);
    expect(diagnostics).toEqual([]);
    // The later assignment of v (raw, G.v_) replaces the earlier one.
    expect(ir?.groups[0]?.initial.map((i) => i.value)).toEqual([0.5]);
    expect(ir?.monitors[0]?.record).toEqual([0, 2]);
    expect(ir?.monitors[0]?.recordSpans?.map((s) => slice(ok, s))).toEqual(['range(0, 3, 2)', 'range(0, 3, 2)']);
  });

  it('list arithmetic follows Python: [a, b]*n repeats, a + b joins, a list times a unit is element-wise', () => {
    const text = `${head}G = NeuronGroup(6, eqs)\nG.v = ([0, 1]*2 + [2, 3])*mV\nM = StateMonitor(G, 'v', record=[0]*2 + list_)\n`;
    expect(codes(text)).toEqual(['SF4010']); // list_ is not defined: the rest is read
    const ok = `${head}G = NeuronGroup(6, eqs)\nG.v = ([0, 1]*2 + [2, 3])*mV\nrun(1*ms)\n`;
    const { ir, diagnostics } = readScript(ok);
    expect(diagnostics).toEqual([]);
    expect(ir?.groups[0]?.initial[0]?.value).toEqual([0, 1, 0, 1, 2, 3].map((x) => x * mV));
    expect(codes(`${head}x = [0]*2000000\n`)).toEqual(['SF4009']);
  });

  it('adds up several runs and reads defaultclock.dt', () => {
    const text = `${head}defaultclock.dt = 0.05*ms\nG = NeuronGroup(1, eqs)\nrun(10*ms)\nrun(5*ms, report='text')\n`;
    const ir = readScript(text).ir;
    expect(ir?.dt).toBe(0.05 * ms);
    expect(ir?.duration).toBe(10 * ms + 5 * ms);
  });

  it('reads an explicit Network with add() and run()', () => {
    const text = `${head}G = NeuronGroup(1, eqs)\nH = NeuronGroup(1, eqs)\nM = StateMonitor(G, 'v', record=0)\nnet = Network(G)\nnet.add(M)\nnet.run(2*ms)\n`;
    const { ir, diagnostics } = readScript(text);
    expect(diagnostics).toEqual([]);
    expect(ir?.groups.map((g) => g.name)).toEqual(['G']);
    expect(ir?.monitors.map((m) => m.name)).toEqual(['M']);
    expect(ir?.duration).toBe(2 * ms);
  });

  it('reads Network(collect())', () => {
    const text = `${head}G = NeuronGroup(1, eqs)\nnet = Network(collect())\nnet.run(2*ms)\n`;
    expect(readScript(text).ir?.groups.map((g) => g.name)).toEqual(['G']);
  });

  it('reads scripts that import brian2 as a module or by name', () => {
    const text = "import brian2 as b2\nG = b2.NeuronGroup(1, 'dv/dt = -v/(10*ms) : 1')\nb2.run(3*b2.ms)\n";
    expect(readScript(text).ir?.duration).toBe(3 * ms);
    const named = "from brian2 import NeuronGroup, run, ms as msec\nG = NeuronGroup(1, 'dv/dt = -v/(10*ms) : 1')\nrun(3*msec)\n";
    expect(readScript(named).ir?.duration).toBe(3 * ms);
  });

  it('skips plotting and printing lines with one info, also in loops and with plt', () => {
    const text = `import matplotlib.pyplot as plt\n${head}G = NeuronGroup(3, eqs)\nM = StateMonitor(G, 'v', record=True)\nrun(1*ms)\nfig, ax = plt.subplots()\nax.plot(M.t/ms, M.v[0])\nfor k in range(3):\n    plot(M.t/ms, M.v[k])\nvs = M.v[0] / mV\nxlabel('t'); show()\nprint(tau)\n`;
    const { ir, diagnostics } = readScript(text);
    expect(ir).toBeDefined();
    expect(diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ['SF4013', 'info', '7 line(s) that plot, print or analyse recordings are skipped: SpikeForge plots the monitors itself.'],
    ]);
    expect(slice(text, diagnostics[0]?.span)).toBe('fig, ax = plt.subplots()');
  });

  it('ignores Brian2 preferences and seeds with an info', () => {
    const text = `${head}prefs.codegen.target = 'numpy'\nseed(42)\nG = NeuronGroup(1, eqs)\nrun(1*ms)\n`;
    const { ir, diagnostics } = readScript(text);
    expect(ir).toBeDefined();
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['SF4014', 'info'], ['SF4014', 'info']]);
  });

  it('accepts numpy imports that the model does not use', () => {
    const text = `import numpy as np\nimport matplotlib.pyplot as plt\n${head}G = NeuronGroup(1, eqs)\nrun(1*ms)\n`;
    expect(readScript(text).diagnostics).toEqual([]);
  });
});

describe('readScript: examples/namespace_demo.py', () => {
  it('gives the group the script constants, derived ones included, and passes the network checks', () => {
    const { ir, diagnostics } = readScript(namespaceDemo);
    expect(diagnostics).toEqual([]);
    const group = ir?.groups[0];
    expect(Object.keys(group?.namespace ?? {})).toEqual(['El', 'gL', 'C', 'I0', 'tau_m']);
    expect(group?.namespace['tau_m']?.value).toBeCloseTo(0.02, 15);
    expect(group?.namespace['tau_m']?.dim).toEqual(second.dim);
    expect(group?.initial).toEqual([{ variable: 'v', value: -(65 * mV), span: expect.anything() }]);
    expect(ir?.monitors[0]?.record).toEqual([0, 3, 6, 9]);
    expect(ir?.duration).toBeCloseTo(0.1, 15);
    if (ir !== undefined) expect(checkModel(ir).diagnostics).toEqual([]);
  });
});
