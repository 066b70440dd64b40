/**
 * Forward Euler (Brian2's `euler`): for every differential equation `dx/dt = f(x, t)`,
 * `_x = x + dt*f(x, t)` is computed for all variables first and then assigned, so every
 * right-hand side sees the values at the start of the step. Subexpressions are inlined.
 */
import { toSpan } from '../diagnostics';
import { substituteNames, type Expr, type Statement } from '../expressions';
import type { CheckedGroup } from '../model';

/** Inlines subexpressions into `expr`, innermost last (definitions may use each other). */
export function inlineSubexpressions(expr: Expr, group: CheckedGroup): Expr {
  const subs = new Map(group.equations.definitions.filter((d) => d.kind === 'subexpression' && d.expr).map((d) => [d.name, d.expr as Expr])); // filtered on d.expr
  let current = expr;
  for (let depth = 0; depth < subs.size + 1; depth++) {
    let changed = false;
    current = substituteNames(current, (name) => {
      const replacement = subs.get(name);
      if (replacement !== undefined) changed = true;
      return replacement;
    });
    if (!changed) break;
  }
  return current;
}

/** The Euler update statements of a group. */
export function integrateEuler(group: CheckedGroup): Statement[] {
  const updates: Statement[] = [];
  const assigns: Statement[] = [];
  for (const def of group.equations.definitions) {
    if (def.kind !== 'differential' || def.expr === undefined) continue;
    const rhs = inlineSubexpressions(def.expr, group);
    const at = def.expr.span;
    const name = (n: string): Expr => ({ kind: 'name', name: n, span: at });
    const step: Expr = {
      kind: 'binary',
      op: '+',
      left: name(def.name),
      right: { kind: 'binary', op: '*', left: name('dt'), right: rhs, span: at },
      span: toSpan(def.span.start, def.span.end, def.span.source),
    };
    updates.push({ target: `_${def.name}`, op: '=', expr: step, span: def.span, declare: true });
    assigns.push({ target: def.name, op: '=', expr: name(`_${def.name}`), span: def.span });
  }
  return [...updates, ...assigns];
}
