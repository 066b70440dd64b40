import { describe, expect, it } from 'vitest';
import type { Expr, Statement } from '../expressions';
import { checkModel, type CheckedGroup } from '../model';
import type { ExternalConstant } from '../equations';
import { DIMENSIONLESS, lookupUnit } from '../units';
import { formatStatements } from './formatAbstractCode';
import { integrateGroup } from './integrateGroup';
import { toIntegrationProblem, type IntegrationProblem } from './integrationProblem';
import type { MethodName } from './method';
import { chooseMethod, METHODS } from './methodTable';
import { evaluateNumeric } from './symbolic';

const DT = 1e-4;

/** Units and constants the fixture equations use, as the script reader would put them in the namespace. */
function namespaceFor(constants: Record<string, [number, string]>): Record<string, ExternalConstant> {
  const ns: Record<string, ExternalConstant> = {};
  for (const unit of ['ms', 'mV', 'second', 'Hz', 'nS', 'pA', 'pF', 'nA', 'uF', 'cm', 'um', 'msiemens', 'siemens', 'volt', 'amp']) {
    const entry = lookupUnit(unit);
    if (entry !== undefined) ns[unit] = { value: entry.value, dim: entry.dim };
  }
  for (const [name, [value, unit]] of Object.entries(constants)) {
    const entry = unit === '1' ? { value: 1, dim: DIMENSIONLESS } : lookupUnit(unit);
    if (entry === undefined) throw new Error(`unknown unit ${unit}`);
    ns[name] = { value: value * entry.value, dim: entry.dim };
  }
  return ns;
}

function checkedGroup(equations: string, constants: Record<string, [number, string]> = {}, method = 'euler'): CheckedGroup {
  const result = checkModel({
    name: 'net',
    dt: DT,
    duration: 0,
    groups: [{ name: 'G', N: 1, equations, equationsOffset: 0, method, namespace: namespaceFor(constants), initial: [] }],
    monitors: [],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  const group = result.value.groups[0];
  if (group === undefined) throw new Error('no group');
  return group;
}

function problemOf(equations: string, constants: Record<string, [number, string]> = {}): IntegrationProblem {
  return toIntegrationProblem(checkedGroup(equations, constants), DT);
}

const ALL_METHODS = Object.keys(METHODS) as MethodName[];

describe('C4 generated updates', () => {
  it('exact: dv/dt = -v/tau gives v*exp(-dt/tau)', () => {
    const p = problemOf('dv/dt = -v/tau : 1', { tau: [10, 'ms'] });
    expect(formatStatements(METHODS.exact.integrate(p))).toBe('_v = v*exp(-dt/tau)\nv = _v');
  });

  it('exponential_euler: dv/dt = (-v + I)/tau gives _BA_v = -I; _v = -_BA_v + (_BA_v + v)*exp(-dt/tau)', () => {
    const p = problemOf('dv/dt = (-v + I)/tau : 1', { tau: [10, 'ms'], I: [1, '1'] });
    expect(formatStatements(METHODS.exponential_euler.integrate(p))).toBe('_BA_v = -I\n_v = -_BA_v + (_BA_v + v)*exp(-dt/tau)\nv = _v');
  });

  it('exact: dv/dt = (I - v)/tau gives I - I*exp(-dt/tau) + v*exp(-dt/tau) (as A·X + (A·b − b))', () => {
    const p = problemOf('dv/dt = (I - v)/tau : 1', { tau: [10, 'ms'], I: [1, '1'] });
    expect(formatStatements(METHODS.exact.integrate(p))).toBe('_A_v = exp(-dt/tau)\n_b_v = -I\n_v = _A_v*v + (_A_v*_b_v - _b_v)\nv = _v');
  });

  it('a deterministic equation under heun or milstein is the euler update', () => {
    const p = problemOf('dv/dt = -v/tau : 1', { tau: [10, 'ms'] });
    const eulerText = formatStatements(METHODS.euler.integrate(p));
    expect(formatStatements(METHODS.heun.integrate(p))).toBe(eulerText);
    expect(formatStatements(METHODS.milstein.integrate(p))).toBe(eulerText);
  });
});

describe('C5 method choice', () => {
  const order = ['exact', 'exponential_euler', 'euler', 'heun', 'milstein'];
  const cases: [string, string, string][] = [
    ['dv/dt = -v/(10*ms) : 1', 'exact', 'exact'],
    ['dv/dt = -(v + w**2)/(10*ms) : 1\ndw/dt = -w/(10*ms) : 1', 'exponential_euler', 'euler'],
    ['dv/dt = -sqrt(v)/(10*ms) : 1', 'euler', 'euler'],
    ['dv/dt = -v/(10*ms) + xi/sqrt(10*ms) : 1', 'euler', 'euler'],
    ['dv/dt = -v/(10*ms) + v*xi*second**-.5 : 1', 'heun', 'heun'],
  ];
  for (const [equations, chosen, byDefault] of cases) {
    it(`${equations.replace(/\n/g, '; ')} → ${chosen} (default order: ${byDefault})`, () => {
      const choice = chooseMethod(problemOf(equations), order, true);
      expect(choice.ok && choice.method.name).toBe(chosen);
      const update = integrateGroup(checkedGroup(equations, {}, ''), DT);
      expect(update.method).toBe(byDefault);
      expect(update.diagnostics).toEqual([expect.objectContaining({ code: 'SF5004', severity: 'info', message: expect.stringMatching(new RegExp(`^G is integrated with method "${byDefault}"`)) })]);
    });
  }

  it('an explicit method that cannot integrate gives SF5002 naming method, equation and reason, at the equation', () => {
    const equations = 'dv/dt = -v/(10*ms) + v*xi*second**-.5 : 1';
    const update = integrateGroup(checkedGroup(equations, {}, 'euler'), DT);
    expect(update.statements).toEqual([]);
    expect(update.diagnostics).toHaveLength(1);
    const d = update.diagnostics[0];
    expect(d?.code).toBe('SF5002');
    expect(d?.message).toMatch(/^Method "euler" cannot integrate dv\/dt of G: .*multiplicative/);
    expect(d?.span).toBeDefined();
  });

  it('exact refuses a non-linear equation and a constant right-hand side, naming them', () => {
    expect(METHODS.exact.canIntegrate(problemOf('dv/dt = (1 - v**2)/(10*ms) : 1'))?.reason).toMatch(/not linear.*v\*\*2/);
    expect(METHODS.exact.canIntegrate(problemOf('dv/dt = 10*Hz : 1'))?.reason).toMatch(/constant right-hand side/);
    expect(METHODS.exact.canIntegrate(problemOf('dv/dt = -v/(10*ms) + t/second**2 : 1'))?.reason).toMatch(/not constant over a time step/);
  });
});

describe('C6 multiplicative noise', () => {
  const p = problemOf('dv/dt = -v/(10*ms) + v*xi*second**-.5 : 1');
  for (const method of ['exact', 'exponential_euler', 'euler', 'rk2', 'rk4'] as const) {
    it(`is rejected by ${method}`, () => expect(METHODS[method].canIntegrate(p)).toBeDefined());
  }
  for (const method of ['heun', 'milstein'] as const) {
    it(`is accepted by ${method}`, () => expect(METHODS[method].canIntegrate(p)).toBeUndefined());
  }
});

/** Runs abstract code once with `randn()` replaced by `z`. */
function step(statements: readonly Statement[], values: Map<string, number>, z: number): Map<string, number> {
  const fixRandn = (e: Expr): Expr => {
    switch (e.kind) {
      case 'call':
        return e.callee.kind === 'name' && e.callee.name === 'randn' ? { kind: 'number', value: z, isInteger: false, text: String(z), span: e.span } : { ...e, args: e.args.map(fixRandn) };
      case 'unary':
        return { ...e, operand: fixRandn(e.operand) };
      case 'binary':
        return { ...e, left: fixRandn(e.left), right: fixRandn(e.right) };
      default:
        return e;
    }
  };
  const scope = new Map(values);
  for (const s of statements) {
    const value = evaluateNumeric(fixRandn(s.expr), scope);
    if (value === undefined) throw new Error(`cannot evaluate ${s.target}`);
    scope.set(s.target, value);
  }
  return scope;
}

describe('C7 noise increment: one step equals the formula with dW = sqrt(dt)*z', () => {
  const tau = 0.01;
  const sigma = 0.3;
  const z = 0.731;
  const v0 = 0.8;
  const dW = Math.sqrt(DT) * z;
  const f = -v0 / tau;
  const base = new Map([
    ['v', v0],
    ['dt', DT],
    ['t', 0],
    ['tau', tau],
    ['sigma', sigma],
    ['second', 1],
  ]);
  it('euler, additive noise: v + dt*f + g*dW', () => {
    const p = problemOf('dv/dt = -v/tau + sigma*xi*second**-.5 : 1', { tau: [10, 'ms'], sigma: [0.3, '1'] });
    const out = step(METHODS.euler.integrate(p), base, z).get('v') ?? NaN;
    expect(out).toBeCloseTo(v0 + DT * f + sigma * dW, 15);
  });
  it('heun, multiplicative noise: x_s = x + g*dW; x + dt*f + dW*(g + g(x_s))/2', () => {
    const p = problemOf('dv/dt = -v/tau + sigma*v*xi*second**-.5 : 1', { tau: [10, 'ms'], sigma: [0.3, '1'] });
    const g = sigma * v0;
    const gs = sigma * (v0 + g * dW);
    const out = step(METHODS.heun.integrate(p), base, z).get('v') ?? NaN;
    expect(out).toBeCloseTo(v0 + DT * f + 0.5 * dW * (g + gs), 15);
  });
  it('milstein, multiplicative noise: x + dt*f + g*dW + (g(x_s) - g)/(2*sqrt(dt))*dW**2', () => {
    const p = problemOf('dv/dt = -v/tau + sigma*v*xi*second**-.5 : 1', { tau: [10, 'ms'], sigma: [0.3, '1'] });
    const g = sigma * v0;
    const gs = sigma * (v0 + DT * f + Math.sqrt(DT) * g);
    const out = step(METHODS.milstein.integrate(p), base, z).get('v') ?? NaN;
    expect(out).toBeCloseTo(v0 + DT * f + g * dW + ((gs - g) / (2 * Math.sqrt(DT))) * dW * dW, 15);
  });
});

/** Fixture models (equations only: thresholds, resets and synapses come later). */
const FIXTURES: Record<string, { equations: string; constants: Record<string, [number, string]> }> = {
  lif: { equations: 'dv/dt = (I - v)/tau : 1\nI : 1 (constant)', constants: { tau: [10, 'ms'] } },
  cuba: {
    equations: 'dv/dt  = (ge+gi-(v-El))/taum : volt\ndge/dt = -ge/taue : volt\ndgi/dt = -gi/taui : volt',
    constants: { taum: [20, 'ms'], taue: [5, 'ms'], taui: [10, 'ms'], El: [-49, 'mV'] },
  },
  hh: {
    equations: `dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-g_na*(m*m*m)*h*(v-ENa)-g_kd*(n*n*n*n)*(v-EK))/Cm : volt
dm/dt = alpha_m*(1-m)-beta_m*m : 1
dn/dt = alpha_n*(1-n)-beta_n*n : 1
dh/dt = alpha_h*(1-h)-beta_h*h : 1
dge/dt = -ge*(1./taue) : siemens
dgi/dt = -gi*(1./taui) : siemens
alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV-v+VT)/(4*mV))/ms : Hz
beta_m = 0.28*(mV**-1)*5*mV/exprel((v-VT-40*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV-v+VT)/(5*mV))/ms : Hz
beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz`,
    constants: {
      Cm: [200, 'pF'],
      gl: [10, 'nS'],
      El: [-60, 'mV'],
      EK: [-90, 'mV'],
      ENa: [50, 'mV'],
      g_na: [20000, 'nS'],
      g_kd: [6000, 'nS'],
      VT: [-63, 'mV'],
      taue: [5, 'ms'],
      taui: [10, 'ms'],
      Ee: [0, 'mV'],
      Ei: [-80, 'mV'],
    },
  },
  izhikevich: {
    equations: 'dv/dt = (0.04/ms/mV)*v**2 + (5/ms)*v + 140*mV/ms - u + I : volt\ndu/dt = a*(b*v - u) : volt/second\nI : volt/second',
    constants: { a: [0.02, 'Hz'], b: [0.2, 'Hz'] },
  },
  adex: {
    equations: 'dvm/dt = (gL*(EL - vm) + gL*DeltaT*exp((vm - VT)/DeltaT) + I - w)/C : volt\ndw/dt = (a*(vm - EL) - w)/tauw : amp\nI : amp',
    constants: { C: [281, 'pF'], gL: [30, 'nS'], EL: [-70.6, 'mV'], VT: [-50.4, 'mV'], DeltaT: [2, 'mV'], tauw: [144, 'ms'], a: [4, 'nS'] },
  },
};

describe('golden update code per method for the fixture models', () => {
  for (const [name, fixture] of Object.entries(FIXTURES)) {
    it(`${name}: every method's statements (or its refusal)`, async () => {
      const p = problemOf(fixture.equations, fixture.constants);
      const sections = ALL_METHODS.map((method) => {
        const refusal = METHODS[method].canIntegrate(p);
        const body = refusal === undefined ? formatStatements(METHODS[method].integrate(p)) : `# cannot integrate: ${refusal.reason}`;
        return `## ${method}\n${body}\n`;
      });
      await expect(`# ${name} (dt = ${DT} s)\n\n${sections.join('\n')}`).toMatchFileSnapshot(`./__golden__/${name}.txt`);
    });
  }
});
