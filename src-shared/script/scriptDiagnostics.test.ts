import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics';
import { checkModel } from '../model';
import { readScript } from './readScript';

const HEAD = "from brian2 import *\ntau = 10*ms\neqs = '''\ndv/dt = -v/tau : volt\n'''\n";

/** Each diagnostic as [code, the characters its span covers]. */
function located(text: string, diagnostics: readonly Diagnostic[]): [string, string][] {
  return diagnostics.map((d) => [d.code, d.span === undefined ? '<no span>' : text.slice(d.span.start, d.span.end)]);
}

function read(text: string): [string, string][] {
  return located(text, readScript(text).diagnostics);
}

/** Reads the script, then runs the network checks on its IR. */
function readAndCheck(text: string): [string, string][] {
  const { ir, diagnostics } = readScript(text);
  expect(located(text, diagnostics)).toEqual([]);
  return ir === undefined ? [] : located(text, checkModel(ir).diagnostics);
}

describe('readScript diagnostics point at the right characters', () => {
  it('dimension mismatch in constant arithmetic (SF1002)', () => {
    expect(read('from brian2 import *\ntau = 10*ms + 1*mV\n')).toEqual([['SF1002', '10*ms + 1*mV']]);
    expect(read('from brian2 import *\nx = 2**(1*mV)\n')).toEqual([['SF1002', '(1*mV)']]);
  });

  it('unknown names (SF4010), with a hint when brian2 was not imported', () => {
    expect(read(`${HEAD}x = foo + taux\n`)).toEqual([['SF4010', 'foo'], ['SF4010', 'taux']]);
    const { diagnostics } = readScript('tau = 10*ms\n');
    expect(diagnostics[0]?.notes).toEqual(['is "from brian2 import *" missing?']);
  });

  it('arguments SpikeForge cannot honour yet (SF4009), at the keyword', () => {
    const text = `${HEAD}G = NeuronGroup(10, eqs, threshold='v > -50*mV', reset='v = -60*mV', refractory=5*ms, order=1, dtype=float32)\n`;
    expect(read(text)).toEqual([
      ['SF4009', 'order=1'],
      ['SF4009', 'dtype=float32'],
    ]);
  });

  it('accepts arguments written as Brian2 defaults', () => {
    expect(read(`${HEAD}G = NeuronGroup(10, eqs, threshold=None, refractory=False, order=0)\n`)).toEqual([]);
  });

  it('objects SpikeForge cannot run yet (SF4009), once, at the call', () => {
    const text = `${HEAD}G = NeuronGroup(10, eqs)\nE = NetworkOperation(G)\nE2 = NetworkOperation(G, dt=1*ms)\n`;
    expect(read(text)).toEqual([
      ['SF4009', 'NetworkOperation(G)'],
      ['SF4009', 'NetworkOperation(G, dt=1*ms)'],
    ]);
    expect(readScript(text).diagnostics[0]?.message).toBe('Unsupported in the script: NetworkOperation (not supported by SpikeForge yet).');
  });

  it('numpy calls in the model (SF4009)', () => {
    const text = `import numpy as np\n${HEAD}G = NeuronGroup(10, eqs)\nG.v = np.random.rand(10)*mV\n`;
    expect(read(text)).toEqual([['SF4009', 'np.random.rand(10)']]);
  });

  it('values with the wrong unit (SF1005); string initial values are read (checked with the model)', () => {
    const text = `${HEAD}G = NeuronGroup(10, eqs)\nG.v = 'rand()*10*mV'\nG.v = 1\nG.v = [0*mV, 1*ms]\nG.v = 0\n`;
    expect(read(text)).toEqual([
      ['SF1005', '1'],
      ['SF1005', '1*ms'],
    ]);
  });

  it('a run() duration without a time unit (SF4008)', () => {
    const text = `${HEAD}run(100)\nrun(1*mV)\nrun(-1*ms)\n`;
    expect(read(text)).toEqual([['SF4008', '100'], ['SF4008', '1*mV'], ['SF4008', '-1*ms']]);
  });

  it('wrong, missing, unknown and repeated arguments (SF4011)', () => {
    const text = `${HEAD}G = NeuronGroup(10, eqs)\nM = StateMonitor(G, 'v')\nH = NeuronGroup(10, eqs, foo=1)\nK = NeuronGroup(10, eqs, N=3)\nL = NeuronGroup(10, 5)\n`;
    expect(read(text)).toEqual([
      ['SF4011', "StateMonitor(G, 'v')"],
      ['SF4011', 'foo=1'],
      ['SF4011', 'N=3'],
      ['SF4011', '5'],
    ]);
  });

  it('a dt that is not a time (SF4004)', () => {
    expect(read(`${HEAD}defaultclock.dt = 1*mV\n`)).toEqual([['SF4004', '1*mV']]);
  });

  it('two objects with one name (SF4015)', () => {
    expect(read(`${HEAD}G = NeuronGroup(1, eqs)\nH = NeuronGroup(1, eqs, name='G')\n`)).toEqual([['SF4015', "'G'"]]);
  });

  it('changes to the model after run() (SF4009)', () => {
    const text = `${HEAD}G = NeuronGroup(1, eqs)\nrun(1*ms)\nG.v = 1*mV\ntau = 20*ms\nH = NeuronGroup(1, eqs)\nrun(1*ms)\n`;
    expect(read(text)).toEqual([
      ['SF4009', 'G.v = 1*mV'],
      ['SF4009', 'tau'],
      ['SF4009', 'NeuronGroup(1, eqs)'],
    ]);
  });

  it('f-strings: fine in printing lines, unsupported in the model (SF4009)', () => {
    const text = `${HEAD}G = NeuronGroup(1, eqs, name=f'group{1}')\nrun(1*ms)\nprint(f"done after {1*ms}")\ntitle(rf'$\\tau$')\n`;
    expect(read(text)).toEqual([['SF4009', "f'group{1}'"], ['SF4013', 'print(f"done after {1*ms}")']]);
  });

  it('loops that do more than plot (SF4009), without cascades from the names they bind', () => {
    const text = `${HEAD}for k in range(3):\n    x = k\ny = x + k\n`;
    expect(read(text)).toEqual([['SF4009', 'for k in range(3):']]);
  });

  it('reports every error of a script, not only the first', () => {
    const text = `${HEAD}a = 10*ms + 1*mV\nb = nope\nc = (1 +\nG = NeuronGroup(10, eqs, order=1)\nrun(5)\n`;
    expect(read(text).map(([code]) => code)).toEqual(['SF1002', 'SF4010', 'SF2002', 'SF4009', 'SF4008']);
    const separate = `${HEAD}a = 10*ms + 1*mV\nb = nope\nc = 1 +\nG = NeuronGroup(10, eqs, order=1)\nrun(5)\n`;
    expect(read(separate).map(([code]) => code)).toEqual(['SF1002', 'SF4010', 'SF2002', 'SF4009', 'SF4008']);
  });

  it('gives no IR when there are errors, but still the symbols', () => {
    const result = readScript(`${HEAD}G = NeuronGroup(1, eqs)\nrun(5)\n`);
    expect(result.ir).toBeUndefined();
    expect(result.symbols.objects.map((o) => o.name)).toEqual(['G']);
  });
});

describe('network checks on a script IR point into the script', () => {
  it('N <= 0 (SF4001) at the N argument', () => {
    expect(readAndCheck(`${HEAD}G = NeuronGroup(0, eqs)\nrun(1*ms)\n`)).toEqual([['SF4001', '0']]);
  });

  it('record index out of range (SF4002) at the index, unknown variable (SF4003) at the variables', () => {
    const text = `${HEAD}G = NeuronGroup(100, eqs)\nM = StateMonitor(G, 'w', record=[0, 100])\nrun(1*ms)\n`;
    expect(readAndCheck(text)).toEqual([['SF4003', "'w'"], ['SF4002', '100']]);
  });

  it('an unknown method (SF5001) at the method string', () => {
    expect(readAndCheck(`${HEAD}G = NeuronGroup(1, eqs, method='rk5')\nrun(1*ms)\n`)).toEqual([['SF5001', "'rk5'"]]);
  });

  it('equation errors inside the equation string, also through a variable', () => {
    const text = "from brian2 import *\neqs = '''\ndv/dt = -v/taux : 1\n'''\nG = NeuronGroup(1, eqs)\nH = NeuronGroup(1, 'du/dt = -u/tauy : 1')\nrun(1*ms)\n";
    expect(readAndCheck(text)).toEqual([['SF3002', 'taux'], ['SF3002', 'tauy']]);
  });

  it('an unknown state variable (SF4006) at the assignment', () => {
    expect(readAndCheck(`${HEAD}G = NeuronGroup(1, eqs)\nG.w = 0\nrun(1*ms)\n`)).toEqual([['SF4006', 'G.w = 0']]);
  });
});
