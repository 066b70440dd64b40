/**
 * Subexpressions are substituted into the differential equations before any method sees them
 * (BRIAN2_SEMANTICS.md §10), innermost last, since definitions may use each other.
 */
import { substituteNames, type Expr } from '../expressions';
import type { CheckedGroup } from '../model';

/** Inlines the group's subexpressions into `expr`. */
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
