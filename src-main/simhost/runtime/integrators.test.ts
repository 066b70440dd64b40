/**
 * Integration methods through the real pipeline (check → integrate → print → render → JS module
 * and g++ library → run on host arrays): the integrator table of CONFORMANCE.md §A (C1–C3, C5)
 * on both tiers, bit-identical between tiers (C81), convergence orders, and stochastic runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelIR } from '../../../src-shared/model';
import { requireToolchain } from '../jit/nativeTestSupport';
import { locateAppRoot } from '../locateAppRoot';
import { createNativeBackend } from '../nativeBackend';
import { createTemplateEnvironment } from '../render/renderNetwork';
import { SimHostCore } from './simHostCore';

const env = createTemplateEnvironment(join(locateAppRoot(), 'templates'));
const noEvents = (): void => undefined;
let cacheDir = '';
let core: SimHostCore;

beforeAll(async () => {
  await requireToolchain();
  cacheDir = mkdtempSync(join(tmpdir(), 'spikeforge-integrators-'));
  core = new SimHostCore(env, createNativeBackend({ cacheDir }));
});
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

function expectOk<T>(result: { ok: true; value: T } | { ok: false; diagnostics: readonly unknown[] }): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.diagnostics)}`);
  return result.value;
}

let counter = 0;
const SECOND_DIM = [0, 0, 1, 0, 0, 0, 0] as const;
/** Units the equations use: the script reader puts them in the namespace (the IR has no unit names). */
const UNITS = { ms: { value: 1e-3, dim: SECOND_DIM }, second: { value: 1, dim: SECOND_DIM } };

/** A one-group model: `equations` with `method`, initial values, N neurons. */
function model(equations: string, method: string, initial: Record<string, number>, options: { dt?: number; N?: number; seed?: number } = {}): ModelIR {
  counter++;
  return {
    name: `integ_${counter}`,
    dt: options.dt ?? 1e-4,
    duration: 0,
    groups: [{ name: 'G', N: options.N ?? 1, equations, equationsOffset: 0, method, namespace: UNITS, initial: Object.entries(initial).map(([variable, value]) => ({ variable, value })) }],
    monitors: [],
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };
}

/** Runs `ir` for `steps` on one tier; returns the final arrays by variable and the build warnings. */
async function runOn(ir: ModelIR, tier: 'js' | 'native', steps: number, variables: readonly string[]): Promise<{ values: Record<string, Float64Array>; warnings: readonly { code: string; message: string }[] }> {
  const built = expectOk(await core.build({ ir, tier }));
  expect(built.tier).toBe(tier);
  expectOk(core.run({ networkId: built.networkId, runId: tier, steps, stream: false }, noEvents));
  const values: Record<string, Float64Array> = {};
  for (const v of variables) values[v] = Float64Array.from(expectOk(core.getArray(built.networkId, `_array_G_${v}`)).values);
  core.dispose(built.networkId);
  return { values, warnings: built.warnings };
}

/** Runs on both tiers, checks bit identity, returns the JS values. */
async function runBothTiers(ir: ModelIR, steps: number, variables: readonly string[]): Promise<Record<string, Float64Array>> {
  const js = await runOn({ ...ir, name: `${ir.name}_js` }, 'js', steps, variables);
  const native = await runOn({ ...ir, name: `${ir.name}_native` }, 'native', steps, variables);
  for (const v of variables) expect(Array.from(native.values[v] ?? []), `${v}: native vs JS bits`).toEqual(Array.from(js.values[v] ?? []));
  return js.values;
}

const DECAY = 'dv/dt = -v/(10*ms) : 1';
const LOGISTIC = 'dv/dt = (1 - v**2)/(10*ms) : 1';
const OSCILLATOR = 'dx/dt = y/(10*ms) : 1\ndy/dt = -x/(10*ms) : 1';

describe('CONFORMANCE A: integrator table on both tiers (1e-12, tiers bit-identical)', () => {
  const c1: [string, number][] = [
    ['euler', 0.366032341273],
    ['heun', 0.366032341273],
    ['milstein', 0.366032341273],
    ['rk2', 0.367885618716],
    ['rk4', 0.367879441202],
    ['exponential_euler', 0.367879441171],
    ['exact', 0.367879441171],
    ['linear', 0.367879441171],
  ];
  for (const [method, expected] of c1) {
    it(`C1 decay under ${method}: v(10 ms) = ${expected}`, async () => {
      const values = await runBothTiers(model(DECAY, method, { v: 1 }), 100, ['v']);
      expect(Math.abs((values.v?.[0] ?? NaN) - expected)).toBeLessThan(1e-12);
    });
  }

  const c2: [string, number][] = [
    ['euler', 0.763421826145],
    ['rk2', 0.761590116462],
    ['rk4', 0.76159415582],
  ];
  for (const [method, expected] of c2) {
    it(`C2 logistic under ${method}: v(10 ms) = ${expected}`, async () => {
      const values = await runBothTiers(model(LOGISTIC, method, { v: 0 }), 100, ['v']);
      expect(Math.abs((values.v?.[0] ?? NaN) - expected)).toBeLessThan(1e-12);
    });
  }

  const c3: [string, number, number][] = [
    ['euler', 1.031890615123, 0.003502898183],
    ['rk2', 0.999996039818, 0.003080641199],
    ['rk4', 0.999994926907, 0.003185302316],
  ];
  for (const [method, x, y] of c3) {
    it(`C3 oscillator under ${method}: (x, y)(62.8 ms) = (${x}, ${y})`, async () => {
      const values = await runBothTiers(model(OSCILLATOR, method, { x: 1, y: 0 }), 628, ['x', 'y']);
      expect(Math.abs((values.x?.[0] ?? NaN) - x)).toBeLessThan(1e-12);
      expect(Math.abs((values.y?.[0] ?? NaN) - y)).toBeLessThan(1e-12);
    });
  }

  it('C3 oscillator under exact is rejected (complex eigenvalues) with SF5002', async () => {
    const result = await core.build({ ir: model(OSCILLATOR, 'exact', { x: 1, y: 0 }), tier: 'js' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: 'SF5002' });
    expect(result.diagnostics[0]?.message).toMatch(/complex eigenvalues/);
  });

  it('C5 automatic choice is reported as an info naming group and method', async () => {
    const cases: [string, string][] = [
      [DECAY, 'exact'],
      ['dv/dt = -(v + w**2)/(10*ms) : 1\ndw/dt = -w/(10*ms) : 1', 'euler'],
      ['dv/dt = -sqrt(v)/(10*ms) : 1', 'euler'],
      ['dv/dt = -v/(10*ms) + xi/sqrt(10*ms) : 1', 'euler'],
      ['dv/dt = -v/(10*ms) + v*xi*second**-.5 : 1', 'heun'],
    ];
    for (const [equations, method] of cases) {
      const built = expectOk(await core.build({ ir: model(equations, '', { v: 1 }), tier: 'js' }));
      const info = built.warnings.find((w) => w.code === 'SF5004');
      expect(info?.severity).toBe('info');
      expect(info?.message).toMatch(new RegExp(`^G is integrated with method "${method}"`));
      core.dispose(built.networkId);
    }
  });
});

describe('coupled linear systems and parameters under exact, both tiers', () => {
  it('CUBA membrane with exponential synapses matches the closed-form solution', async () => {
    const eqs = 'dv/dt = (ge + gi - (v - El))/taum : volt\ndge/dt = -ge/taue : volt\ndgi/dt = -gi/taui : volt';
    const volt = [2, 1, -3, -1, 0, 0, 0] as const;
    const second = [0, 0, 1, 0, 0, 0, 0] as const;
    const ir: ModelIR = {
      ...model(eqs, 'exact', { v: -0.06, ge: 0.002, gi: -0.001 }),
      groups: [
        {
          name: 'G',
          N: 1,
          equations: eqs,
          equationsOffset: 0,
          method: 'exact',
          namespace: { taum: { value: 0.02, dim: second }, taue: { value: 0.005, dim: second }, taui: { value: 0.01, dim: second }, El: { value: -0.049, dim: volt } },
          initial: [
            { variable: 'v', value: -0.06 },
            { variable: 'ge', value: 0.002 },
            { variable: 'gi', value: -0.001 },
          ],
        },
      ],
    };
    const values = await runBothTiers(ir, 200, ['v', 'ge', 'gi']);
    const t = 200 * 1e-4;
    const [tm, te, ti, El] = [0.02, 0.005, 0.01, -0.049];
    // v = El + (v0-El) e^{-t/tm} + Σ g0 τ/(τ - tm)·(e^{-t/τ} - e^{-t/tm}) for each synapse.
    const syn = (g0: number, tau: number): number => ((g0 * tau) / (tau - tm)) * (Math.exp(-t / tau) - Math.exp(-t / tm));
    const v = El + (-0.06 - El) * Math.exp(-t / tm) + syn(0.002, te) + syn(-0.001, ti);
    expect(Math.abs((values.v?.[0] ?? NaN) - v)).toBeLessThan(1e-14);
    expect(Math.abs((values.ge?.[0] ?? NaN) - 0.002 * Math.exp(-t / te))).toBeLessThan(1e-16);
  });

  it('dx/dt = a*x + b with per-neuron parameters a, b', async () => {
    const eqs = 'dx/dt = a*x + b : 1\na : hertz\nb : hertz';
    const base = model(eqs, 'exact', { x: 1 }, { N: 3 });
    const group = base.groups[0];
    if (group === undefined) throw new Error('no group');
    const ir: ModelIR = {
      ...base,
      groups: [
        {
          ...group,
          initial: [
            { variable: 'x', value: 1 },
            { variable: 'a', value: [-100, -20, 50] },
            { variable: 'b', value: [0, 10, -5] },
          ],
        },
      ],
    };
    const values = await runBothTiers(ir, 100, ['x']);
    [-100, -20, 50].forEach((a, k) => {
      const b = [0, 10, -5][k] as number;
      const expected = (1 + b / a) * Math.exp(a * 0.01) - b / a;
      expect(Math.abs((values.x?.[k] ?? NaN) - expected) / Math.abs(expected)).toBeLessThan(1e-13);
    });
  });
});

describe('convergence orders (global error at 10 ms, dt halved)', () => {
  // dv/dt = (1 - v**2)/tau with v(0) = 0: v(t) = tanh(t/tau); exact solution at t = 10 ms: tanh 1.
  async function error(method: string, eqs: string, initial: Record<string, number>, dt: number, exact: number): Promise<number> {
    const steps = Math.round(0.01 / dt);
    const { values } = await runOn(model(eqs, method, initial, { dt }), 'js', steps, ['v']);
    return Math.abs((values.v?.[0] ?? NaN) - exact);
  }
  const orders: [string, number][] = [
    ['euler', 1],
    ['rk2', 2],
    ['heun', 1],
    ['rk4', 4],
  ];
  for (const [method, order] of orders) {
    it(`${method} has global order ${order} on the logistic equation`, async () => {
      const errors = [];
      for (const dt of [4e-4, 2e-4, 1e-4]) errors.push(await error(method, LOGISTIC, { v: 0 }, dt, Math.tanh(1)));
      const measured = Math.log2((errors[1] as number) / (errors[2] as number));
      expect(Math.abs(measured - order)).toBeLessThan(0.15);
    });
  }

  it('exact and exponential_euler are exact to machine precision on linear decay, at every dt', async () => {
    for (const method of ['exact', 'exponential_euler']) {
      for (const dt of [1e-3, 1e-4, 1.25e-5]) {
        const e = await error(method, 'dv/dt = (2 - v)/(10*ms) : 1', { v: 0 }, dt, 2 - 2 * Math.exp(-1));
        expect(e).toBeLessThan(1e-13); // rounding only: ≤ 800 steps of ~1 ulp, whatever dt
      }
    }
  });
});

describe('stochastic equations on both tiers', () => {
  for (const method of ['euler', 'heun', 'milstein']) {
    it(`an Ornstein-Uhlenbeck process under ${method}: tiers bit-identical, stationary variance sigma^2`, async () => {
      const eqs = 'dv/dt = -v/tau + sigma*sqrt(2/tau)*xi : 1\ntau : second (constant)\nsigma : 1 (constant)';
      const base = model(eqs, method, { v: 0 }, { N: 2000, seed: 42 });
      const group = base.groups[0];
      if (group === undefined) throw new Error('no group');
      const ir: ModelIR = {
        ...base,
        groups: [
          {
            ...group,
            initial: [
              { variable: 'v', value: 0 },
              { variable: 'tau', value: 0.01 },
              { variable: 'sigma', value: 0.5 },
            ],
          },
        ],
      };
      const values = await runBothTiers(ir, 500, ['v']);
      const v = values.v ?? new Float64Array();
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
      expect(Math.abs(mean)).toBeLessThan(0.05);
      expect(Math.abs(variance - 0.25)).toBeLessThan(0.03);
    });
  }

  it('multiplicative noise under heun (C6 accepted) runs identically on both tiers', async () => {
    const values = await runBothTiers(model('dv/dt = -v/(10*ms) + v*xi*second**-.5 : 1', 'heun', { v: 1 }, { N: 50, seed: 7 }), 100, ['v']);
    expect(values.v?.every((x) => Number.isFinite(x))).toBe(true);
  });
});
