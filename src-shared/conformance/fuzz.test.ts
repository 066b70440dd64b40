/**
 * Fuzzing the language front end: 100 000 random and mutated inputs (fixed seed) through the
 * expression parser (both modes, plus printing, dimension inference and constant evaluation of
 * what parses), the equation parser and checker, and the unit-expression parser. Every call must
 * return (never throw), stay under 100 ms, and give either a result or diagnostics whose spans lie
 * in the text with a consistent line and column. Inputs are mostly small; the pathological ones
 * are 10 000 nested brackets (and other deep nesting) and strings of 1 MB.
 */
import { describe, expect, it } from 'vitest';
import namespaceDemo from '../../examples/namespace_demo.py?raw';
import quickstart from '../../examples/quickstart.py?raw';
import { formatDiagnostic, toLineColumn, type Diagnostic } from '../diagnostics';
import { checkEquations, parseEquations, type ExternalConstant } from '../equations';
import { evaluateConstant, inferDimensions, parseExpression, printSource, type Expr, type ParseMode, type SymbolLookup } from '../expressions';
import { DIMENSIONLESS, lookupUnit, parseUnitExpression, parseVariableUnit } from '../units';

// src-shared has no DOM or Node types; these globals exist in every environment the tests run in.
declare const performance: { now(): number };
declare const console: { log(...values: unknown[]): void };
declare const TextDecoder: new (label?: string, options?: { fatal?: boolean }) => { decode(bytes: Uint8Array): string };

const TOTAL = 100_000;
const PER_INPUT_LIMIT_MS = 100;

// ---- deterministic randomness -----------------------------------------------------------------

/** mulberry32: small, fast, seeded. */
function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = makeRandom(0x5f0f1e);
const int = (n: number): number => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;

// ---- fixtures ---------------------------------------------------------------------------------

const EQUATION_FIXTURES: readonly string[] = [
  ...[quickstart, namespaceDemo].flatMap((script) => [...script.matchAll(/'''([\s\S]*?)'''/g)].map((m) => m[1] ?? '')),
  `dv/dt = -(v + ge +   # a comment
         I)/tau : volt
dge/dt = -ge/tau_ge : volt
I = sin(2*pi*f*t) : volt
f : Hz (constant)
b : boolean
n : integer`,
  `dv/dt = (gl*(El - v) + ge*(Ee - v) + gi*(Ei - v) - g_na*(m*m*m)*h*(v - ENa) - g_kd*(n*n*n*n)*(v - EK))/Cm : volt (unless refractory)
dm/dt = alpha_m*(1 - m) - beta_m*m : 1
alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV - v + VT)/(4*mV))/ms : Hz
beta_m = 0.28*(mV**-1)*5*mV/exprel((v - VT - 40*mV)/(5*mV))/ms : Hz
dge/dt = -ge/taue : siemens
dgi/dt = -gi/taui : siemens
I = clip(v/ohm, -1*nA, 1*nA) : amp (constant over dt)
w : siemens/meter**2 (shared, constant)`,
  'dv/dt = -v/tau + sigma*xi*second**-.5 : 1\nx = v > 0.5 and not (v < 0.1) : boolean\nk = int(v // 1) % 3 : integer',
];
const EXPRESSION_FIXTURES: readonly string[] = [
  '_vm = vm + dt*((gL*(EL - vm) + gL*DeltaT*exp((vm - VT)/DeltaT) + I - w)/C)',
  'dt*((gl*(El - (v + __k_1_v/2)) - g_na*(m + __k_1_m/2)**3*(h + __k_1_h/2)*(v + __k_1_v/2 - ENa))/Cm)',
  '0.32*mV**(-1)*4*mV/exprel((13*mV - v + VT)/(4*mV))/ms/(-(0.32*mV**(-1)*4*mV/exprel((13*mV - v + VT)/(4*mV))/ms))',
  '-_BA_v + (_BA_v + v)*exp(-dt/tau)',
  '(-v + I) / tau', 'a < b <= c or not d and e', 'clip(v, -1*mV, 2**-3*volt)', "f('a', [1, 2], k=3)[0].x[1:2]", 'timestep(t, dt) // 2 % 5',
  'exprel(800) + int(True) - sign(-3*mV)', '1_000.5e-3 * .5 + 10.', 'x if y else z', 'a & b | c ^ ~d << 2 >> 1 @ e',
];
const UNIT_FIXTURES: readonly string[] = ['volt', 'siemens/meter**2', 'mV/ms', 'metre**-2', 'volt**0.5', '1/second', 'volt**(1/2)', 'mM', '1', 'boolean', 'amp * second / (kilogram * metre**2)', 'Hz', '(volt)', 'coulomb/mole'];

const FRAGMENTS: readonly string[] = [
  '(', ')', '[', ']', ':', '=', '+', '-', '*', '/', '**', '//', '%', '<', '>=', '==', '!=', ',', '.', '#', '\n', '\t', '\r\n', ' ', '\\', '\\\n', '"', "'", "'''",
  'd', '/dt', 'dv/dt = ', ': volt', ': 1', ' (constant)', '(unless refractory)', 'volt', 'mV', 'ms', 'second', 'xi', 'xi_1', 't', 'dt', 'not ', ' and ', ' or ',
  'True', 'None', '1e', '1e-3', '0.', '.5', '_', '$', '1_', 'exp(', 'sqrt(', 'int(', 'rand()', 'clip(', 'boolean', 'integer', 'bool', ' if ', 'lambda',
  '\u00e9', '\u00a0', '\u2028', '\u200b', '\ud83e\udde0', '\ud800', '\udc00', '\u0000', '\u202e', '𝑣', 'ä',
];

// ---- inputs -------------------------------------------------------------------------------------

function randomAscii(length: number): string {
  let s = '';
  for (let k = 0; k < length; k++) s += String.fromCharCode(32 + int(95));
  return s;
}

function randomUnicode(length: number): string {
  let s = '';
  for (let k = 0; k < length; k++) {
    const r = random();
    // Mostly interesting ranges: controls, ASCII, Latin-1, lone surrogates, astral code points.
    const code = r < 0.1 ? int(32) : r < 0.5 ? 32 + int(95) : r < 0.7 ? 0x80 + int(0x780) : r < 0.8 ? 0xd800 + int(0x800) : r < 0.9 ? int(0x10000) : 0x10000 + int(0x10ffff - 0x10000);
    s += String.fromCodePoint(code);
  }
  return s;
}

function randomBytesAsText(length: number): string {
  const bytes = new Uint8Array(length);
  for (let k = 0; k < length; k++) bytes[k] = int(256);
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

function mutate(text: string): string {
  let result = text;
  const count = 1 + int(4);
  for (let m = 0; m < count; m++) {
    const at = int(result.length + 1);
    const kind = int(4);
    if (kind === 0) result = result.slice(0, at) + result.slice(at + 1 + int(8));
    else if (kind === 1) result = result.slice(0, at) + pick(FRAGMENTS) + result.slice(at);
    else if (kind === 2) result = result.slice(0, at) + String.fromCharCode(int(128)) + result.slice(at + 1);
    else result = result.slice(0, at) + String.fromCharCode(int(0x10000)) + result.slice(at);
  }
  return result;
}

function truncate(text: string): string {
  const a = int(text.length + 1);
  const b = int(text.length + 1);
  return random() < 0.5 ? text.slice(0, a) : text.slice(Math.min(a, b), Math.max(a, b));
}

function fromFragments(): string {
  let s = '';
  const count = 1 + int(12);
  for (let k = 0; k < count; k++) s += pick(FRAGMENTS);
  return s;
}

/** A small input for a target whose fixtures are `fixtures`. */
function smallInput(fixtures: readonly string[]): string {
  const r = int(10);
  if (r < 3) return mutate(pick(fixtures));
  if (r < 5) return truncate(pick(fixtures));
  if (r < 6) return mutate(truncate(pick(fixtures)));
  if (r < 7) return fromFragments();
  if (r < 8) return randomAscii(int(40));
  if (r < 9) return randomUnicode(int(30));
  return randomBytesAsText(int(40));
}

const MEGABYTE = 1 << 20;
function toLength(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** The pathological inputs, for every target. */
function hugeInputs(): { name: string; text: string }[] {
  const deep = 10_000;
  return [
    { name: '10 000 nested parentheses', text: `${'('.repeat(deep)}v${')'.repeat(deep)}` },
    { name: '10 000 open parentheses', text: '('.repeat(deep) },
    { name: '10 000 nested calls', text: `${'exp('.repeat(deep)}1${')'.repeat(deep)}` },
    { name: '10 000 unary minus', text: `${'-'.repeat(deep)}v` },
    { name: '10 000 not', text: `${'not '.repeat(deep)}v` },
    { name: '10 000 powers', text: `${'2**'.repeat(deep)}2` },
    { name: '10 000 nested brackets (python)', text: `${'[('.repeat(deep)}1${')]'.repeat(deep)}` },
    { name: 'equation with 10 000 nested parentheses', text: `dv/dt = ${'('.repeat(deep)}-v${')'.repeat(deep)}/tau : volt` },
    { name: 'unit with 10 000 nested parentheses', text: `x : ${'('.repeat(deep)}volt${')'.repeat(deep)}` },
    { name: '1 MB chain a+a+…', text: `${toLength('a+', MEGABYTE - 1)}a` },
    { name: '1 MB comparison chain', text: `${toLength('a<', MEGABYTE - 1)}a` },
    { name: '1 MB of one name', text: toLength('v', MEGABYTE) },
    { name: '1 MB of "("', text: toLength('(', MEGABYTE) },
    { name: '1 MB of random ASCII', text: randomAscii(MEGABYTE) },
    { name: '1 MB of random unicode', text: randomUnicode(MEGABYTE / 2) },
    { name: '1 MB comment', text: `dv/dt = -v/tau : volt  # ${toLength('x', MEGABYTE)}` },
    { name: '1 MB unit expression', text: `x : ${toLength('volt*', MEGABYTE)}volt` },
    { name: '1 MB of blank lines', text: toLength('\n  \n', MEGABYTE) },
    { name: '1 MB call argument list', text: `f(${toLength('a, ', MEGABYTE)}a)` },
  ];
}

// ---- targets ------------------------------------------------------------------------------------

const second = lookupUnit('second')?.dim ?? DIMENSIONLESS;
const volt = lookupUnit('volt')?.dim ?? DIMENSIONLESS;
const NAMESPACE: Readonly<Record<string, ExternalConstant>> = {
  ...Object.fromEntries(['mV', 'ms', 'nA', 'volt', 'second', 'ohm', 'siemens', 'amp', 'Hz', 'metre', 'meter'].flatMap((n) => {
    const u = lookupUnit(n);
    return u === undefined ? [] : [[n, { value: u.value, dim: u.dim }]];
  })),
  tau: { value: 0.01, dim: second },
  tau_ge: { value: 0.005, dim: second },
  sigma: { value: 0.1, dim: DIMENSIONLESS },
  El: { value: -0.065, dim: volt },
};
/** Every name resolves: names from a to m are volts, the rest are dimensionless. */
const LOOKUP: SymbolLookup = (name) => (/^[a-mA-M]/.test(name) ? { dim: volt, type: 'float' } : { dim: DIMENSIONLESS, type: 'integer', constant: 2 });

/** An AST without spans, for the print → parse check. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !['span', 'nameSpan', 'contentStart'].includes(k)).map(([k, v]) => [k, strip(v)]));
}

type Target = 'expression' | 'equations' | 'unit';

/** Runs one target; returns the diagnostics to validate and whether it produced a result. */
function run(target: Target, text: string, variant: number, problems: string[]): { diagnostics: readonly Diagnostic[]; result: boolean; offset: number } {
  if (target === 'expression') {
    const mode: ParseMode = variant % 2 === 0 ? 'model' : 'python';
    const offset = variant % 3 === 0 ? 17 : 0;
    const parsed = parseExpression(text, { mode, offset });
    const diagnostics: Diagnostic[] = [...parsed.diagnostics];
    if (parsed.expr !== undefined && text.length < 10_000) {
      // (On huge inputs the comparison below would cost more than the parse it checks.)
      const printed = printSource(parsed.expr);
      const again = parseExpression(printed, { mode }).expr;
      if (again === undefined || JSON.stringify(strip(again)) !== JSON.stringify(strip(parsed.expr))) problems.push(`print round trip of ${JSON.stringify(text.slice(0, 80))} → ${JSON.stringify(printed.slice(0, 80))}`);
      if (mode === 'model') {
        diagnostics.push(...inferDimensions(parsed.expr, LOOKUP, 'fuzz').diagnostics);
        diagnostics.push(...evaluateConstant(text, (name) => (name.length === 1 ? { value: 2, dim: DIMENSIONLESS } : undefined), offset).diagnostics);
      }
    }
    return { diagnostics, result: parsed.expr !== undefined, offset };
  }
  if (target === 'equations') {
    const parsed = parseEquations(text, variant % 4 === 0 ? { defaultUnit: '1' } : {});
    const checked = checkEquations(parsed.equations, NAMESPACE, 'fuzz');
    return { diagnostics: [...parsed.diagnostics, ...checked], result: parsed.equations.definitions.length > 0, offset: 0 };
  }
  const parsed = variant % 2 === 0 ? parseUnitExpression(text) : parseVariableUnit(text);
  return { diagnostics: parsed.diagnostics, result: parsed.ok, offset: 0 };
}

/** Line starts, for a line/column check that stays linear on a megabyte. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) starts.push(k + 1);
  return starts;
}

function lineColumn(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

function validate(text: string, offset: number, diagnostics: readonly Diagnostic[], result: boolean, problems: string[], label: string): void {
  const where = `${label} ${JSON.stringify(text.slice(0, 60))}${text.length > 60 ? `… (${text.length} chars)` : ''}`;
  if (!result && !diagnostics.some((d) => d.severity === 'error')) problems.push(`no result and no error: ${where}`);
  let starts: number[] | undefined;
  for (const d of diagnostics) {
    if (!/^SF\d{4}$/.test(d.code) || d.message === '' || d.message.length > 2000) problems.push(`bad diagnostic ${d.code} (${d.message.length} chars): ${where}`);
    if (/\{\w+\}/.test(d.message)) problems.push(`unfilled placeholder in "${d.message}": ${where}`);
    const span = d.span;
    if (span === undefined) continue;
    const start = span.start - offset;
    const end = span.end - offset;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > text.length) {
      problems.push(`span ${JSON.stringify(span)} outside [${offset}, ${offset + text.length}] for ${d.code}: ${where}`);
      continue;
    }
    starts ??= lineStartsOf(text);
    for (const at of [start, end]) {
      const { line, column } = lineColumn(starts, at);
      const lineEnd = line < starts.length ? (starts[line] ?? 0) - 1 : text.length;
      const lineLength = lineEnd - (starts[line - 1] ?? 0);
      if (line < 1 || line > starts.length || column < 1 || column > lineLength + 1) problems.push(`line/column ${line}:${column} inconsistent at ${at}: ${where}`);
      if (text.length < 4000) {
        const reference = toLineColumn(text, at);
        if (reference.line !== line || reference.column !== column) problems.push(`toLineColumn ${JSON.stringify(reference)} ≠ ${line}:${column}: ${where}`);
      }
    }
    if (text.length < 4000) formatDiagnostic({ ...d, span: { start, end } }, text);
  }
}

describe('fuzzing the parsers', () => {
  it(`${TOTAL} inputs: no throw, < ${PER_INPUT_LIMIT_MS} ms each, valid spans`, () => {
    const problems: string[] = [];
    const timings: { ms: number; label: string }[] = [];
    let count = 0;
    let maxSmall = 0;
    const targets: readonly Target[] = ['expression', 'equations', 'unit'];
    const exercise = (target: Target, text: string, variant: number, label: string): void => {
      const t0 = performance.now();
      let outcome: ReturnType<typeof run> | undefined;
      try {
        outcome = run(target, text, variant, problems);
      } catch (error) {
        problems.push(`${target} threw ${String(error).slice(0, 200)} on ${JSON.stringify(text.slice(0, 80))}`);
      }
      let ms = performance.now() - t0;
      // A slow input is timed twice more: a shared machine (or a GC pause) can stall one call,
      // but an input that is really slow is slow every time. The best of three is what counts.
      for (let retry = 0; retry < 2 && ms > PER_INPUT_LIMIT_MS; retry++) {
        const t1 = performance.now();
        try {
          run(target, text, variant, []);
        } catch {
          // already reported above
        }
        ms = Math.min(ms, performance.now() - t1);
      }
      count++;
      if (text.length < 10_000) maxSmall = Math.max(maxSmall, ms);
      timings.push({ ms, label: `${target}/${label}` });
      if (ms > PER_INPUT_LIMIT_MS) problems.push(`${target} took ${ms.toFixed(1)} ms on ${label} ${JSON.stringify(text.slice(0, 40))} (${text.length} chars)`);
      if (outcome !== undefined) validate(text, outcome.offset, outcome.diagnostics, outcome.result, problems, `${target}/${label}`);
    };

    // Warm up the JIT so the first calls are not what the time limit measures.
    for (let k = 0; k < 300; k++) run(pick(targets), smallInput(EQUATION_FIXTURES), k, []);

    const huge = hugeInputs();
    let k = 0;
    while (count < TOTAL - huge.length * targets.length) {
      const target = targets[k % 3] as Target;
      const fixtures = target === 'expression' ? EXPRESSION_FIXTURES : target === 'equations' ? EQUATION_FIXTURES : UNIT_FIXTURES;
      exercise(target, smallInput(random() < 0.15 ? EQUATION_FIXTURES : fixtures), Math.floor(k / 3), 'small');
      k++;
    }
    // Huge inputs last, so that collecting their garbage does not land in a small input's time.
    // Variant 0 parses expressions in model mode: the mode of every model string (the script
    // reader parses Python line by line with its own cursor).
    for (const { name, text } of huge) for (const target of targets) exercise(target, text, 0, name);

    const slowest = [...timings].sort((a, b) => b.ms - a.ms).slice(0, 3);
    const total = timings.reduce((sum, t) => sum + t.ms, 0);
    console.log(
      `fuzz: ${count} inputs (${huge.length * 3} huge), ${total.toFixed(0)} ms in parser calls; max ${slowest[0]?.ms.toFixed(1)} ms (${slowest[0]?.label}), ` +
        `then ${slowest.slice(1).map((t) => `${t.ms.toFixed(1)} ms (${t.label})`).join(', ')}; max on small inputs ${maxSmall.toFixed(2)} ms`,
    );
    expect(count).toBe(TOTAL);
    expect(problems.slice(0, 20)).toEqual([]);
  }, 120_000);

  it('deep nesting is a diagnostic at the bracket beyond the limit, not a stack overflow', () => {
    const text = `${'('.repeat(10_000)}v${')'.repeat(10_000)}`;
    const [d] = parseExpression(text).diagnostics;
    expect(d?.code).toBe('SF2009');
    expect(text.slice(d?.span?.start, d?.span?.end)).toBe('(');
    expect(d?.message).toContain('nested too deeply');
    const chain = `${toLength('a+', 5000)}a`;
    const [long] = parseExpression(chain).diagnostics;
    expect(long?.code).toBe('SF2009');
    expect(long?.span?.start).toBe(0);
    // Realistic depth is far from the limits.
    expect(parseExpression(`${'('.repeat(150)}v${')'.repeat(150)}`).diagnostics).toEqual([]);
    expect(parseExpression(`${toLength('a+', 1500)}a`).diagnostics).toEqual([]);
    const unit = parseUnitExpression(`${'('.repeat(250)}volt${')'.repeat(250)}`);
    expect(unit.ok).toBe(false);
    expect(unit.diagnostics[0]?.message).toContain('nested too deeply');
    expect(parseUnitExpression(`${'('.repeat(150)}volt${')'.repeat(150)}`).ok).toBe(true);
    const longUnit = parseUnitExpression(`${'('.repeat(10_000)}volt${')'.repeat(10_000)}`);
    expect(longUnit.diagnostics[0]?.message).toContain('too long');
  });

  it('inputs that parse print back to the same tree (checked inside the fuzz loop) — sample', () => {
    const expr = parseExpression('-(a + b)**-c // d % (e < f)').expr as Expr;
    expect(printSource(expr)).toBe('(-(a + b)**-c) // d % (e < f)'.replace('(-(a + b)**-c)', '-(a + b)**-c'));
  });
});
