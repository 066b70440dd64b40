/**
 * Builds the template context of one network: its host arrays (in the one parameter order all
 * entry points share), its code objects with their statements printed for C++ and JS, and its
 * entry points. The templates (`templates/cpp`, `templates/js`) only arrange these pieces;
 * nothing from the user's text reaches them except printed identifiers and numbers.
 */
import { makeDiagnostic, toResult, type Diagnostic, type Result, type SourceSpan } from '../diagnostics';
import type { ValueType } from '../expressions';
import type { CheckedGroup, CheckedModel } from '../model';
import { integrateGroup } from '../stateupdate';
import { dimensionName, formatBaseUnitExpression, isDimensionless } from '../units';
import { printExpression, printNumber, type CodeTarget, type PrintLookup, type PrintSymbol, type SupportNeed } from './printExpression';
import { printMathKernels, type MathKernel } from './support/mathKernels';
import { printPhilox } from './support/philox';
import { toArrayName, toLocalName } from './symbolNames';

/** Version of the generator; part of every cache key through the ABI tag. */
export const GENERATOR_VERSION = '0.1.0';

/** A host-owned array every entry point receives. */
export interface ArraySpec {
  readonly name: string;
  readonly owner: string;
  readonly variable: string;
  readonly dtype: 'float64' | 'int32';
  /** Elements for fixed arrays; monitor buffers grow and start at `initialCapacity` rows. */
  readonly kind: 'state' | 'monitor-t' | 'monitor-values' | 'monitor-count';
  readonly length: number;
  /** Values per row for monitor-values (number of recorded indices). */
  readonly rowWidth: number;
  readonly unit: string;
}

/** One line of generated code with the model span it came from. */
export interface CodeLine {
  readonly code: string;
  readonly modelSpan?: SourceSpan;
}

export interface GroupCode {
  readonly name: string;
  readonly N: number;
  /** The integration method used (Brian2 name). */
  readonly method: string;
  readonly constants: readonly { readonly name: string; readonly cpp: string; readonly js: string }[];
  /** Variables loaded into locals at the start of the loop body. */
  readonly loads: readonly { readonly local: string; readonly array: string; readonly cppType: string }[];
  /** Variables stored back at the end. */
  readonly stores: readonly { readonly local: string; readonly array: string }[];
  readonly cppLines: readonly CodeLine[];
  readonly jsLines: readonly CodeLine[];
  readonly arrays: readonly string[];
  readonly span?: SourceSpan;
}

export interface MonitorCode {
  readonly name: string;
  readonly index: number;
  readonly source: string;
  readonly indices: readonly number[];
  readonly tArray: string;
  readonly countArray: string;
  readonly variables: readonly { readonly name: string; readonly valuesArray: string; readonly sourceArray: string }[];
  readonly span?: SourceSpan;
}

/** Everything the network templates need. */
export interface NetworkCodeContext {
  readonly networkName: string;
  readonly generatorVersion: string;
  readonly dt: { readonly cpp: string; readonly js: string; readonly value: number };
  readonly arrays: readonly ArraySpec[];
  readonly groups: readonly GroupCode[];
  readonly monitors: readonly MonitorCode[];
  /** Math kernels and RNG the code calls, printed for each target (empty when none). */
  readonly support: { readonly cpp: string; readonly js: string };
  /** Seed of the random numbers (`_sf_seed`), as a literal for each target. */
  readonly seed: { readonly cpp: string; readonly js: string };
}

function displayUnit(group: CheckedGroup, variable: string): string {
  const def = group.equations.definitions.find((d) => d.name === variable);
  if (def === undefined) return '1';
  if (def.type !== 'float') return def.type;
  // A unit text Brian2 (and `parseUnitExpression`) reads back: `volt`, `metre ** -2 * …`, `1`.
  return isDimensionless(def.dim) ? '1' : (dimensionName(def.dim) ?? formatBaseUnitExpression(def.dim));
}

function cppTypeOf(type: ValueType): string {
  return type === 'float' ? 'double' : type === 'integer' ? 'int' : 'bool';
}

function buildGroupCode(group: CheckedGroup, dt: number, diagnostics: Diagnostic[], needs: Set<SupportNeed>, nextRandomSite: () => number): GroupCode {
  const name = group.ir.name;
  const update = integrateGroup(group, dt);
  diagnostics.push(...update.diagnostics);
  const statements = update.statements;
  const stored = new Map(group.variables.map((v) => [v.name, v.def]));
  const localTypes = new Map<string, ValueType>();
  const symbol = (target: CodeTarget): PrintLookup => (n) => {
    const variable = stored.get(n);
    if (variable !== undefined) return { code: toLocalName(n), type: variable.type };
    const temp = localTypes.get(n);
    if (temp !== undefined) return { code: n, type: temp };
    switch (n) {
      case 't':
        return { code: 't', type: 'float' };
      case 'dt':
        return { code: 'dt', type: 'float' };
      case 'i':
        return { code: '_idx', type: 'integer' };
      case 'N':
        return { code: '_N', type: 'integer' };
      case 't_in_timesteps':
        return { code: target === 'cpp' ? '((int)_step)' : '_step', type: 'integer' };
      default:
        break;
    }
    const constant = group.ir.namespace[n];
    if (constant !== undefined) return { code: toLocalName(n), type: 'float' } satisfies PrintSymbol;
    return undefined;
  };
  const cppLines: CodeLine[] = [];
  const jsLines: CodeLine[] = [];
  const written = new Set<string>();
  for (const statement of statements) {
    // Both targets get the same random-site numbers: the JS walk replays the C++ walk's.
    const sites: number[] = [];
    const cpp = printExpression(statement.expr, symbol('cpp'), 'cpp', {
      needs,
      nextRandomSite: () => {
        const next = nextRandomSite();
        sites.push(next);
        return next;
      },
    });
    let replay = 0;
    const js = printExpression(statement.expr, symbol('js'), 'js', { nextRandomSite: () => sites[replay++] ?? -1 });
    diagnostics.push(...cpp.diagnostics);
    const span = statement.span;
    if (statement.declare === true) {
      localTypes.set(statement.target, cpp.type);
      cppLines.push({ code: `const ${cppTypeOf(cpp.type)} ${statement.target} = ${cpp.code};`, ...(span ? { modelSpan: span } : {}) });
      jsLines.push({ code: `const ${statement.target} = ${js.code};`, ...(span ? { modelSpan: span } : {}) });
    } else {
      const target = stored.has(statement.target) ? toLocalName(statement.target) : statement.target;
      if (stored.has(statement.target)) written.add(statement.target);
      cppLines.push({ code: `${target} ${statement.op} ${cpp.code};`, ...(span ? { modelSpan: span } : {}) });
      jsLines.push({ code: `${target} ${statement.op} ${js.code};`, ...(span ? { modelSpan: span } : {}) });
    }
  }
  const constants = Object.entries(group.ir.namespace).map(([constantName, c]) => ({
    name: toLocalName(constantName),
    cpp: printNumber(c.value, 'float', 'cpp'),
    js: printNumber(c.value, 'float', 'js'),
  }));
  const loads = group.variables.map((v) => ({ local: toLocalName(v.name), array: toArrayName(name, v.name), cppType: cppTypeOf(v.def.type) }));
  const stores = group.variables.filter((v) => written.has(v.name)).map((v) => ({ local: toLocalName(v.name), array: toArrayName(name, v.name) }));
  return {
    name,
    N: group.ir.N,
    method: update.method ?? 'none',
    constants,
    loads,
    stores,
    cppLines,
    jsLines,
    arrays: group.variables.map((v) => toArrayName(name, v.name)),
    ...(group.ir.span ? { span: group.ir.span } : {}),
  };
}

/** Builds the template context for a checked model. */
export function buildNetworkCode(model: CheckedModel): Result<NetworkCodeContext> {
  const diagnostics: Diagnostic[] = [];
  const arrays: ArraySpec[] = [];
  for (const group of model.groups) {
    for (const v of group.variables) {
      if (v.def.type !== 'float') {
        diagnostics.push(makeDiagnostic('SF6001', { what: `the ${v.def.type} variable "${v.name}"`, reason: 'only floating-point state variables are supported in this version' }, v.def.nameSpan));
      }
      arrays.push({ name: toArrayName(group.ir.name, v.name), owner: group.ir.name, variable: v.name, dtype: 'float64', kind: 'state', length: group.ir.N, rowWidth: 1, unit: displayUnit(group, v.name) });
    }
  }
  const needs = new Set<SupportNeed>();
  let randomSites = 0;
  const groups = model.groups.map((g) => buildGroupCode(g, model.ir.dt, diagnostics, needs, () => randomSites++));
  const monitors: MonitorCode[] = model.monitors.map((m, index) => {
    const owner = m.ir.name;
    const tArray = toArrayName(owner, 't');
    const countArray = toArrayName(owner, 'count');
    arrays.push({ name: tArray, owner, variable: 't', dtype: 'float64', kind: 'monitor-t', length: 0, rowWidth: 1, unit: 'second' });
    const variables = m.ir.variables.map((variable) => {
      const valuesArray = toArrayName(owner, variable);
      arrays.push({ name: valuesArray, owner, variable, dtype: 'float64', kind: 'monitor-values', length: 0, rowWidth: m.indices.length, unit: displayUnit(m.group, variable) });
      return { name: variable, valuesArray, sourceArray: toArrayName(m.group.ir.name, variable) };
    });
    arrays.push({ name: countArray, owner, variable: 'count', dtype: 'int32', kind: 'monitor-count', length: 2, rowWidth: 1, unit: '1' });
    return { name: owner, index, source: m.group.ir.name, indices: m.indices, tArray, countArray, variables, ...(m.ir.span ? { span: m.ir.span } : {}) };
  });
  const context: NetworkCodeContext = {
    networkName: model.ir.name,
    generatorVersion: GENERATOR_VERSION,
    dt: { cpp: printNumber(model.ir.dt, 'float', 'cpp'), js: printNumber(model.ir.dt, 'float', 'js'), value: model.ir.dt },
    arrays,
    groups,
    monitors,
    support: { cpp: printSupport(needs, 'cpp'), js: printSupport(needs, 'js') },
    seed: { cpp: printNumber(model.ir.seed ?? 0, 'float', 'cpp'), js: printNumber(model.ir.seed ?? 0, 'float', 'js') },
  };
  return toResult(context, diagnostics);
}

/** The support code for `needs` (the generator's `_sf_randn` uses the log kernel). */
function printSupport(needs: ReadonlySet<SupportNeed>, target: CodeTarget): string {
  const kernels = new Set<MathKernel>();
  if (needs.has('exp')) kernels.add('exp');
  if (needs.has('log') || needs.has('random')) kernels.add('log');
  const parts = kernels.size > 0 ? [printMathKernels(kernels, target)] : [];
  if (needs.has('random')) parts.push(printPhilox(target));
  return parts.join('\n');
}
