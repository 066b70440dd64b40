/**
 * `printSource` round trip: parse(print(ast)) is ast again (spans aside) for generated trees of
 * both parser modes, and for every expression of the repository's example scripts, of the
 * benchmark models and of statements from the integrator goldens. The goldens are printed with
 * the same layout, so there print(parse(text)) is even the text itself (up to their redundant
 * parentheses around negative exponents).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import namespaceDemo from '../../examples/namespace_demo.py?raw';
import quickstart from '../../examples/quickstart.py?raw';
import { parseEquations } from '../equations';
import { parseExpression, printSource, type BinaryOperator, type CompareOperator, type Expr, type ParseMode } from '../expressions';

/** The benchmark models of the integrator tests (stateupdate.test.ts), equations only. */
const MODEL_FIXTURES: readonly string[] = [
  'dv/dt = (I - v)/tau : 1\nI : 1 (constant)',
  'dv/dt  = (ge+gi-(v-El))/taum : volt\ndge/dt = -ge/taue : volt\ndgi/dt = -gi/taui : volt',
  `dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-g_na*(m*m*m)*h*(v-ENa)-g_kd*(n*n*n*n)*(v-EK))/Cm : volt
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
  'dv/dt = (0.04/ms/mV)*v**2 + (5/ms)*v + 140*mV/ms - u + I : volt\ndu/dt = a*(b*v - u) : volt/second\nI : volt/second',
  'dvm/dt = (gL*(EL - vm) + gL*DeltaT*exp((vm - VT)/DeltaT) + I - w)/C : volt\ndw/dt = (a*(vm - EL) - w)/tauw : amp\nI : amp',
];

/** Statements of the integrator goldens (stateupdate/__golden__/*.txt), printed by formatAbstractCode. */
const GOLDEN_STATEMENTS: readonly string[] = [
  "_BA_v = (gl*El + ge*Ee + gi*Ei + g_na*(m*m*m)*h*ENa + g_kd*(n*n*n*n)*EK)/(-gl - ge - gi - g_na*(m*m*m)*h - g_kd*(n*n*n*n))",
  "_v = -_BA_v + (_BA_v + v)*exp((-gl - ge - gi - g_na*(m*m*m)*h - g_kd*(n*n*n*n))*dt/Cm)",
  "_BA_m = 0.32*mV**(-1)*4*mV/exprel((13*mV - v + VT)/(4*mV))/ms/(-(0.32*mV**(-1)*4*mV/exprel((13*mV - v + VT)/(4*mV))/ms) - 0.28*mV**(-1)*5*mV/exprel((v - VT - 40*mV)/(5*mV))/ms)",
  "_m = -_BA_m + (_BA_m + m)*exp((-(0.32*mV**(-1)*4*mV/exprel((13*mV - v + VT)/(4*mV))/ms) - 0.28*mV**(-1)*5*mV/exprel((v - VT - 40*mV)/(5*mV))/ms)*dt)",
  "_BA_n = 0.032*mV**(-1)*5*mV/exprel((15*mV - v + VT)/(5*mV))/ms/(-(0.032*mV**(-1)*5*mV/exprel((15*mV - v + VT)/(5*mV))/ms) - 0.5*exp((10*mV - v + VT)/(40*mV))/ms)",
  "_n = -_BA_n + (_BA_n + n)*exp((-(0.032*mV**(-1)*5*mV/exprel((15*mV - v + VT)/(5*mV))/ms) - 0.5*exp((10*mV - v + VT)/(40*mV))/ms)*dt)",
  "_BA_h = 0.128*exp((17*mV - v + VT)/(18*mV))/ms/(-(0.128*exp((17*mV - v + VT)/(18*mV))/ms) - 4/(1 + exp((40*mV - v + VT)/(5*mV)))/ms)",
  "_h = -_BA_h + (_BA_h + h)*exp((-(0.128*exp((17*mV - v + VT)/(18*mV))/ms) - 4/(1 + exp((40*mV - v + VT)/(5*mV)))/ms)*dt)",
  "_ge = ge*exp(-(dt/taue))",
  "_gi = gi*exp(-(dt/taui))",
  "_v = v + dt*((gl*(El - v) + ge*(Ee - v) + gi*(Ei - v) - g_na*(m*m*m)*h*(v - ENa) - g_kd*(n*n*n*n)*(v - EK))/Cm)",
  "_m = m + dt*(0.32*mV**(-1)*4*mV/exprel((13*mV - v + VT)/(4*mV))/ms*(1 - m) - 0.28*mV**(-1)*5*mV/exprel((v - VT - 40*mV)/(5*mV))/ms*m)",
  "_vm = vm + dt*((gL*(EL - vm) + gL*DeltaT*exp((vm - VT)/DeltaT) + I - w)/C)",
  "_w = w + dt*((a*(vm - EL) - w)/tauw)",
  "__k_vm = dt*((gL*(EL - vm) + gL*DeltaT*exp((vm - VT)/DeltaT) + I - w)/C)",
  "__k_w = dt*((a*(vm - EL) - w)/tauw)",
  "_vm = vm + dt*((gL*(EL - (vm + __k_vm/2)) + gL*DeltaT*exp((vm + __k_vm/2 - VT)/DeltaT) + I - (w + __k_w/2))/C)",
  "_w = w + dt*((a*(vm + __k_vm/2 - EL) - (w + __k_w/2))/tauw)",
  "__k_1_vm = dt*((gL*(EL - vm) + gL*DeltaT*exp((vm - VT)/DeltaT) + I - w)/C)",
  "__k_1_w = dt*((a*(vm - EL) - w)/tauw)",
  "__k_2_vm = dt*((gL*(EL - (vm + __k_1_vm/2)) + gL*DeltaT*exp((vm + __k_1_vm/2 - VT)/DeltaT) + I - (w + __k_1_w/2))/C)",
  "__k_2_w = dt*((a*(vm + __k_1_vm/2 - EL) - (w + __k_1_w/2))/tauw)",
  "__k_3_vm = dt*((gL*(EL - (vm + __k_2_vm/2)) + gL*DeltaT*exp((vm + __k_2_vm/2 - VT)/DeltaT) + I - (w + __k_2_w/2))/C)",
  "__k_3_w = dt*((a*(vm + __k_2_vm/2 - EL) - (w + __k_2_w/2))/tauw)",
  "__k_4_vm = dt*((gL*(EL - (vm + __k_3_vm)) + gL*DeltaT*exp((vm + __k_3_vm - VT)/DeltaT) + I - (w + __k_3_w))/C)",
  "__k_4_w = dt*((a*(vm + __k_3_vm - EL) - (w + __k_3_w))/tauw)",
  "_vm = vm + __k_1_vm/6 + __k_2_vm/3 + __k_3_vm/3 + __k_4_vm/6",
  "_w = w + __k_1_w/6 + __k_2_w/3 + __k_3_w/3 + __k_4_w/6",
];

const NO_SPAN = { start: 0, end: 0 };

/** An AST without spans and offsets, for structural comparison. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !['span', 'nameSpan', 'contentStart'].includes(k)).map(([k, v]) => [k, strip(v)]));
}

function roundTrip(expr: Expr, mode: ParseMode): { text: string; back: unknown } {
  const text = printSource(expr);
  const parsed = parseExpression(text, { mode });
  return { text, back: parsed.expr === undefined ? parsed.diagnostics.map((d) => d.message) : strip(parsed.expr) };
}

// ---- generators -----------------------------------------------------------------------------

const NUMBER_TEXTS: readonly [string, number, boolean][] = [
  ['0', 0, true], ['1', 1, true], ['42', 42, true], ['1_000', 1000, true], ['2.5', 2.5, false], ['10.', 10, false],
  ['.5', 0.5, false], ['1e-3', 0.001, false], ['2.5E+10', 2.5e10, false], ['0.0', 0, false], ['123456789012', 123456789012, true],
];
const KEYWORDS = new Set(['and', 'or', 'not', 'if', 'else', 'lambda', 'for', 'in', 'is', 'True', 'False', 'None']);
const identifier = fc
  .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/)
  .filter((name) => !KEYWORDS.has(name));

const numberNode: fc.Arbitrary<Expr> = fc.constantFrom(...NUMBER_TEXTS).map(([text, value, isInteger]) => ({ kind: 'number', value, isInteger, text, span: NO_SPAN }));
const nameNode: fc.Arbitrary<Expr> = identifier.map((name) => ({ kind: 'name', name, span: NO_SPAN }));
const boolNode: fc.Arbitrary<Expr> = fc.boolean().map((value) => ({ kind: 'bool', value, span: NO_SPAN }));
const stringNode: fc.Arbitrary<Expr> = fc.string({ unit: 'grapheme', maxLength: 6 }).map((value) => ({
  kind: 'string',
  value,
  contentStart: 0,
  // What the scanner reports: raw unless the printed body needs a backslash.
  raw: !/[\\\n\t]/.test(value) && !(value.includes("'") && value.includes('"')),
  span: NO_SPAN,
}));

const BINARY: readonly BinaryOperator[] = ['+', '-', '*', '/', '//', '%', '**'];
const COMPARE: readonly CompareOperator[] = ['<', '<=', '>', '>=', '==', '!='];

function expressions(mode: ParseMode): fc.Arbitrary<Expr> {
  const { expr } = fc.letrec<{ expr: Expr }>((tie) => {
    const sub = tie('expr');
    const model: fc.Arbitrary<Expr>[] = [
      fc.record({ op: fc.constantFrom<'-' | '+' | 'not'>('-', '+', 'not'), operand: sub }).map(({ op, operand }) => ({ kind: 'unary', op, operand, span: NO_SPAN })),
      fc.record({ op: fc.constantFrom(...BINARY), left: sub, right: sub }).map(({ op, left, right }) => ({ kind: 'binary', op, left, right, span: NO_SPAN })),
      fc.record({ op: fc.constantFrom<'and' | 'or'>('and', 'or'), left: sub, right: sub }).map(({ op, left, right }) => ({ kind: 'boolop', op, left, right, span: NO_SPAN })),
      fc.array(fc.tuple(fc.constantFrom(...COMPARE), sub), { minLength: 1, maxLength: 3 }).chain((rest) =>
        sub.map((first): Expr => ({ kind: 'compare', ops: rest.map(([op]) => op), operands: [first, ...rest.map(([, e]) => e)], span: NO_SPAN })),
      ),
      fc.record({ callee: nameNode, args: fc.array(sub, { maxLength: 3 }) }).map(({ callee, args }) => ({ kind: 'call', callee, args, keywords: [], span: NO_SPAN })),
    ];
    const python: fc.Arbitrary<Expr>[] = [
      fc.record({ items: fc.array(sub, { maxLength: 3 }), tuple: fc.boolean() }).map(({ items, tuple }) => ({ kind: 'list', items, tuple, span: NO_SPAN })),
      fc.array(fc.record({ key: sub, value: sub }), { maxLength: 3 }).map((entries) => ({ kind: 'dict', entries: entries.map((e) => ({ ...e, span: NO_SPAN })), span: NO_SPAN })),
      fc.record({ object: sub, name: identifier }).map(({ object, name }) => ({ kind: 'attribute', object, name, nameSpan: NO_SPAN, span: NO_SPAN })),
      fc.record({ object: sub, index: sub }).map(({ object, index }) => ({ kind: 'subscript', object, index, span: NO_SPAN })),
      fc.record({ object: sub, lower: fc.option(sub, { nil: undefined }), upper: fc.option(sub, { nil: undefined }) }).map(({ object, lower, upper }) => ({
        kind: 'subscript',
        object,
        index: { kind: 'slice', ...(lower === undefined ? {} : { lower }), ...(upper === undefined ? {} : { upper }), span: NO_SPAN },
        span: NO_SPAN,
      })),
      fc.record({ callee: sub, args: fc.array(sub, { maxLength: 2 }), keywords: fc.array(fc.record({ name: identifier, value: sub }), { maxLength: 2 }) }).map(({ callee, args, keywords }) => ({
        kind: 'call',
        callee,
        args,
        keywords: keywords.map((k) => ({ ...k, span: NO_SPAN })),
        span: NO_SPAN,
      })),
    ];
    const leaves = mode === 'model' ? [numberNode, nameNode, boolNode] : [numberNode, nameNode, boolNode, stringNode, fc.constant<Expr>({ kind: 'none', span: NO_SPAN })];
    return { expr: fc.oneof({ depthSize: 'small', withCrossShrink: true }, ...leaves, ...model, ...(mode === 'python' ? python : [])) };
  });
  return expr;
}

describe('printSource round trip', () => {
  it('prints the fewest parentheses Python needs', () => {
    const cases: readonly [string, string][] = [
      ['(a + b) * c', '(a + b)*c'],
      ['a - (b - c)', 'a - (b - c)'],
      ['(a - b) - c', 'a - b - c'],
      ['-x**2', '-x**2'],
      ['(-x)**2', '(-x)**2'],
      ['2**-1', '2**-1'],
      ['(2**3)**2', '(2**3)**2'],
      ['2**(3**2)', '2**3**2'],
      ['not (a and b)', 'not (a and b)'],
      ['(not a) and b', 'not a and b'],
      ['(a < b) < c', '(a < b) < c'],
      ['a < b < c', 'a < b < c'],
      ['-(not a)', '-(not a)'],
      ['(a or b) and c', '(a or b) and c'],
      ['a or (b or c)', 'a or (b or c)'],
      ['x // (y % z)', 'x // (y % z)'],
      ['exp(-t/tau)*(v - El)', 'exp(-t/tau)*(v - El)'],
    ];
    for (const [source, printed] of cases) expect(printSource(parseExpression(source).expr as Expr), source).toBe(printed);
    expect(printSource(parseExpression("f((1,), [a, b][0], x.y[1:], k=\"it's\", s=r'\\d')", { mode: 'python' }).expr as Expr)).toBe("f((1,), [a, b][0], x.y[1:], k=\"it's\", s=r'\\d')");
    expect(printSource(parseExpression('(1).real', { mode: 'python' }).expr as Expr)).toBe('(1).real');
  });

  it('parse(print(ast)) is ast for generated model expressions', () => {
    fc.assert(
      fc.property(expressions('model'), (expr) => {
        const { text, back } = roundTrip(expr, 'model');
        expect(back, text).toEqual(strip(expr));
      }),
      { numRuns: 3000, seed: 20260101 },
    );
  });

  it('parse(print(ast)) is ast for generated Python expressions (strings, lists, dicts, attributes, slices, keywords)', () => {
    fc.assert(
      fc.property(expressions('python'), (expr) => {
        const { text, back } = roundTrip(expr, 'python');
        expect(back, text).toEqual(strip(expr));
      }),
      { numRuns: 3000, seed: 20260102 },
    );
  });

  it('every right-hand side of the example scripts and benchmark models round-trips', () => {
    const expressionsFound: Expr[] = [];
    for (const text of MODEL_FIXTURES) {
      const { equations, diagnostics } = parseEquations(text);
      expect(diagnostics).toEqual([]);
      for (const def of equations.definitions) if (def.expr !== undefined) expressionsFound.push(def.expr);
    }
    for (const script of [quickstart, namespaceDemo]) {
      for (const [, block] of script.matchAll(/'''([\s\S]*?)'''/g)) {
        const { equations, diagnostics } = parseEquations(block ?? '');
        expect(diagnostics).toEqual([]);
        for (const def of equations.definitions) if (def.expr !== undefined) expressionsFound.push(def.expr);
      }
      // Constant expressions of the scripts (`tau = 10*ms`, `tau_m = C / gL`).
      for (const [, rhs] of script.matchAll(/^\w+ = ([^'\n#]+?)\s*(?:#.*)?$/gm)) {
        const parsed = parseExpression(rhs ?? '', { mode: 'python' });
        if (parsed.expr !== undefined) expressionsFound.push(parsed.expr);
      }
    }
    expect(expressionsFound.length).toBeGreaterThanOrEqual(25);
    for (const expr of expressionsFound) expect(roundTrip(expr, 'python').back).toEqual(strip(expr));
  });

  it('every statement of the integrator goldens round-trips, and prints back as the same text', () => {
    let count = 0;
    for (const line of GOLDEN_STATEMENTS) {
      const rhs = line.slice(line.indexOf(' = ') + 3);
      const parsed = parseExpression(rhs);
      expect(parsed.diagnostics, rhs).toEqual([]);
      const expr = parsed.expr as Expr;
      expect(roundTrip(expr, 'model').back, rhs).toEqual(strip(expr));
      // The goldens parenthesise negative exponents (`mV**(-1)`), which Python does not need.
      expect(printSource(expr), rhs).toBe(rhs.replace(/\*\*\((-[\w.]+)\)/g, '**$1'));
      count++;
    }
    expect(count).toBe(GOLDEN_STATEMENTS.length);
  });
});
