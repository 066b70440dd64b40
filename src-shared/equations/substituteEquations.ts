/**
 * `Equations(text, **replacements)` (BRIAN2_SEMANTICS.md §2): a string renames a name (`g='g_e'`
 * renames the variable g, or an external name, everywhere), a value is inserted with its unit in
 * place of an external name (`tau=10*ms` makes `x/tau` read `x/(10.0*msecond)`). Also prints
 * equations back as text.
 */
import { makeDiagnostic, type Diagnostic, type SourceSpan } from '../diagnostics';
import { collectNames, parseExpression, printNumberSource, printSource, type Expr } from '../expressions';
import { bestUnitFor, isDimensionless, lookupUnit, quantity, type Quantity } from '../units';
import type { EquationDef, Equations } from './equation';
import { checkIdentifier } from './identifiers';

/** A new name, or a value (a plain number is dimensionless) to insert. */
export type EquationReplacement = string | number | Quantity;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The same expression with every span set to `span` (inserted text points at what it replaced). */
function placeAt(expr: Expr, span: SourceSpan): Expr {
  switch (expr.kind) {
    case 'unary':
      return { ...expr, operand: placeAt(expr.operand, span), span };
    case 'binary':
    case 'boolop':
      return { ...expr, left: placeAt(expr.left, span), right: placeAt(expr.right, span), span };
    case 'compare':
      return { ...expr, operands: expr.operands.map((o) => placeAt(o, span)), span };
    case 'call':
      return { ...expr, callee: placeAt(expr.callee, span), args: expr.args.map((a) => placeAt(a, span)), span };
    default:
      return { ...expr, span };
  }
}

function numberNode(value: number, isInteger: boolean, span: SourceSpan): Expr {
  const magnitude = Math.abs(value);
  const node: Expr = { kind: 'number', value: magnitude, isInteger, text: printNumberSource(magnitude, isInteger), span };
  return value < 0 || Object.is(value, -0) ? { kind: 'unary', op: '-', operand: node, span } : node;
}

/**
 * A value as model code: `10.0*msecond` for 10 ms (the display unit Brian2 would choose, when the
 * value survives the scaling exactly; else the value in the unscaled unit), `3` for a plain 3.
 */
export function quantityToExpr(value: number | Quantity, span: SourceSpan = { start: 0, end: 0 }): Expr {
  if (typeof value === 'number') return numberNode(value, Number.isInteger(value), span);
  const q = value;
  if (isDimensionless(q.dim) || !Number.isFinite(q.value)) return numberNode(q.value, false, span);
  let unit = bestUnitFor(q.dim, q.value);
  if ((q.value / unit.value) * unit.value !== q.value) unit = bestUnitFor(q.dim);
  const scaled = q.value / unit.value;
  // A registered name (`msecond`) or, for compound dimensions, a unit expression (`metre ** -2 * …`).
  const unitExpr: Expr | undefined = lookupUnit(unit.name) !== undefined ? { kind: 'name', name: unit.name, span } : parseExpression(unit.name).expr;
  if (unitExpr === undefined) throw new Error(`quantityToExpr: unit "${unit.name}" does not parse`);
  const magnitude = numberNode(Math.abs(scaled), false, span);
  const product: Expr = { kind: 'binary', op: '*', left: magnitude, right: placeAt(unitExpr, span), span };
  return scaled < 0 ? { kind: 'unary', op: '-', operand: product, span } : product;
}

/** Where `name` first appears: its definition, else its first use. */
function firstSpan(equations: Equations, name: string): SourceSpan | undefined {
  const def = equations.definitions.find((d) => d.name === name);
  if (def !== undefined) return def.nameSpan;
  for (const d of equations.definitions) {
    const use = d.expr === undefined ? undefined : collectNames(d.expr).find((n) => n.name === name);
    if (use !== undefined) return use.span;
  }
  return undefined;
}

/**
 * Applies Brian2's keyword replacements. Errors (SF3009 at the name's first place, SF3004 for a
 * new variable name Brian2 forbids, SF3003 for a rename onto an existing variable) come with the
 * equations unchanged.
 */
export function substituteEquations(equations: Equations, replacements: Readonly<Record<string, EquationReplacement>>): { equations: Equations; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const variables = new Set(equations.definitions.map((d) => d.name));
  const renames = new Map<string, string>();
  const values = new Map<string, number | Quantity>();
  for (const [name, replacement] of Object.entries(replacements)) {
    const span = firstSpan(equations, name);
    if (typeof replacement === 'string') {
      if (!IDENTIFIER.test(replacement)) {
        diagnostics.push(makeDiagnostic('SF3009', { name, reason: `"${replacement}" is not a valid name` }, span));
        continue;
      }
      if (variables.has(name)) {
        const reason = checkIdentifier(replacement);
        if (reason !== undefined) {
          diagnostics.push(makeDiagnostic('SF3004', { name: replacement, reason }, span));
          continue;
        }
      }
      renames.set(name, replacement);
    } else if (variables.has(name)) {
      diagnostics.push(makeDiagnostic('SF3009', { name, reason: 'it is a variable of the equations; only external names can be replaced by a value' }, span));
    } else {
      values.set(name, typeof replacement === 'number' ? replacement : quantity(replacement.value, replacement.dim));
    }
  }
  const renamed = (name: string): string => renames.get(name) ?? name;
  const seen = new Set<string>();
  for (const def of equations.definitions) {
    const name = renamed(def.name);
    if (seen.has(name)) diagnostics.push(makeDiagnostic('SF3003', { name }, def.nameSpan));
    seen.add(name);
  }
  if (diagnostics.length > 0) return { equations, diagnostics };

  const replace = (name: string, span: SourceSpan): Expr | undefined => {
    const value = values.get(name);
    if (value !== undefined) return quantityToExpr(value, span);
    const to = renames.get(name);
    return to === undefined ? undefined : { kind: 'name', name: to, span };
  };
  const definitions = equations.definitions.map((def): EquationDef => {
    const expr = def.expr === undefined ? undefined : mapNames(def.expr, (node) => replace(node.name, node.span));
    const next: EquationDef = { ...def, name: renamed(def.name), ...(expr === undefined ? {} : { expr }) };
    return { ...next, source: printDefinition(next) };
  });
  return { equations: { definitions }, diagnostics };
}

/** Replaces name nodes (not function names) where `replace` returns a node. */
function mapNames(expr: Expr, replace: (node: Extract<Expr, { kind: 'name' }>) => Expr | undefined): Expr {
  const visit = (node: Expr): Expr => {
    switch (node.kind) {
      case 'name':
        return replace(node) ?? node;
      case 'unary':
        return { ...node, operand: visit(node.operand) };
      case 'binary':
      case 'boolop':
        return { ...node, left: visit(node.left), right: visit(node.right) };
      case 'compare':
        return { ...node, operands: node.operands.map(visit) };
      case 'call':
        return { ...node, args: node.args.map(visit) };
      default:
        return node;
    }
  };
  return visit(expr);
}

/** One definition as Brian2 text: `dv/dt = -v/tau : volt (unless refractory)`. */
export function printDefinition(def: EquationDef): string {
  const flags = def.flags.length === 0 ? '' : ` (${def.flags.map((f) => f.name).join(', ')})`;
  const unit = `${def.unitText}${flags}`;
  switch (def.kind) {
    case 'differential':
      return `d${def.name}/dt = ${def.expr === undefined ? '' : printSource(def.expr)} : ${unit}`;
    case 'subexpression':
      return `${def.name} = ${def.expr === undefined ? '' : printSource(def.expr)} : ${unit}`;
    case 'parameter':
      return `${def.name} : ${unit}`;
  }
}

/** Equations as Brian2 text, one definition per line (what `str(Equations(…))` shows, in SpikeForge's layout). */
export function printEquations(equations: Equations): string {
  return equations.definitions.map(printDefinition).join('\n');
}
