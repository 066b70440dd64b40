/**
 * Checks parsed equations against the names a group can see (its own variables, special
 * variables, external constants, built-ins): every identifier must resolve, flags must be allowed
 * where they stand, and both sides of each definition must have the same dimension
 * (`dx/dt` has the dimension of x per second). All problems are reported together.
 */
import { abbreviate, makeDiagnostic, type Diagnostic } from '../diagnostics';
import { inferDimensions, printSource, type SymbolInfo, type SymbolLookup } from '../expressions';
import { DIMENSIONLESS, divideDimensions, formatDimension, lookupUnit, powerDimension, sameDimension, type Dimension } from '../units';
import type { EquationDef, Equations } from './equation';

/** An external constant: SI value and dimension. */
export interface ExternalConstant {
  readonly value: number;
  readonly dim: Dimension;
  /** A TimedArray: a function of `t` (1-D) or `(t, i)` (2-D) returning values of `dim`. */
  readonly timedArray?: TimedArrayShape;
}

/** How generated code reads a TimedArray (BRIAN2_SEMANTICS.md §13). */
export interface TimedArrayShape {
  /** Host array holding the values, row-major (rows = time). */
  readonly array: string;
  readonly rows: number;
  /** Columns of a 2-D TimedArray (0 for 1-D). */
  readonly columns: number;
  /** Brian's index rule: `k = (int)((t/eps + 0.5)/K)`, clamped to the rows. */
  readonly eps: number;
  readonly K: number;
}

const ALLOWED_FLAGS: Readonly<Record<EquationDef['kind'], readonly string[]>> = {
  differential: ['unless refractory'],
  parameter: ['constant', 'shared', 'linked'],
  subexpression: ['shared', 'constant over dt'],
};

/** The dimension of one second. */
export function secondDimension(): Dimension {
  // `second` is always in the unit table; DIMENSIONLESS only guards a broken table.
  return lookupUnit('second')?.dim ?? DIMENSIONLESS;
}

/** Special variables every NeuronGroup provides. */
export function specialVariables(): Readonly<Record<string, SymbolInfo>> {
  const second = secondDimension();
  return {
    t: { dim: second, type: 'float' },
    dt: { dim: second, type: 'float' },
    t_in_timesteps: { dim: DIMENSIONLESS, type: 'integer' },
    i: { dim: DIMENSIONLESS, type: 'integer' },
    N: { dim: DIMENSIONLESS, type: 'integer' },
  };
}

/** Builds the name lookup of a group: own variables first, then specials, then constants. */
export function makeGroupLookup(equations: Equations, namespace: Readonly<Record<string, ExternalConstant>>): SymbolLookup {
  const own = new Map(equations.definitions.map((d) => [d.name, { dim: d.dim, type: d.type } satisfies SymbolInfo]));
  const specials = specialVariables();
  return (name) => {
    const variable = own.get(name);
    if (variable !== undefined) return variable;
    const special = specials[name];
    if (special !== undefined) return special;
    const constant = namespace[name];
    if (constant?.timedArray !== undefined) {
      const second = secondDimension();
      return { dim: constant.dim, type: 'float', callable: { args: constant.timedArray.columns > 0 ? [second, DIMENSIONLESS] : [second], argTypes: constant.timedArray.columns > 0 ? ['float', 'integer'] : ['float'] } };
    }
    if (constant !== undefined) return { dim: constant.dim, type: 'float', constant: constant.value };
    // White noise (BRIAN2_SEMANTICS.md §6): `xi`, `xi_<suffix>`, unit second**-0.5.
    if (name === 'xi' || name.startsWith('xi_')) return { dim: powerDimension(specials.t?.dim ?? DIMENSIONLESS, -0.5), type: 'float' };
    return undefined;
  };
}

/** Checks flags, names and dimensions of every definition. */
export function checkEquations(equations: Equations, namespace: Readonly<Record<string, ExternalConstant>>, groupName: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const lookup = makeGroupLookup(equations, namespace);
  const second = secondDimension();
  for (const def of equations.definitions) {
    for (const flag of def.flags) {
      const allowed = ALLOWED_FLAGS[def.kind];
      if (!allowed.includes(flag.name)) {
        diagnostics.push(makeDiagnostic('SF3005', { flag: abbreviate(flag.name, 40) }, flag.span, [
          `flags allowed for a ${def.kind === 'differential' ? 'differential equation' : def.kind} of a NeuronGroup: ${allowed.join(', ')}`,
        ]));
      }
    }
    if (namespace[def.name] !== undefined) {
      diagnostics.push(makeDiagnostic('SF3007', { name: def.name, kind: 'external constant' }, def.nameSpan));
    }
    if (def.expr === undefined) continue;
    const lhs = def.kind === 'differential' ? `d${def.name}/dt` : def.name;
    // Messages quote the definition as written (`'dv/dt = (-v + I)/tau : volt'`).
    const context = def.source !== undefined ? `'${abbreviate(def.source, 80)}'` : def.kind === 'differential' ? `the equation of ${lhs} in ${groupName}` : `the definition of ${def.name} in ${groupName}`;
    const result = inferDimensions(def.expr, lookup, context);
    diagnostics.push(...result.diagnostics);
    if (result.inferred === undefined) continue;
    const expected = def.kind === 'differential' ? divideDimensions(def.dim, second) : def.dim;
    if (!sameDimension(result.inferred.dim, expected)) {
      diagnostics.push(
        makeDiagnostic('SF1002', { context, left: `${lhs} needs ${formatDimension(expected)}`, right: `the right-hand side ${abbreviate(printSource(def.expr), 40)} is ${formatDimension(result.inferred.dim)}` }, def.expr.span, [
          def.kind === 'differential' ? `d${def.name}/dt must have the unit of ${def.name} ("${def.unitText}") per second` : `the right-hand side must have the unit "${def.unitText}"`,
        ]),
      );
    }
  }
  return diagnostics;
}
