/**
 * Abstract code: the statement IR that state updaters produce and both code printers consume.
 */
import type { SourceSpan } from '../diagnostics';
import type { Expr } from './ast';

export type AssignOperator = '=' | '+=' | '-=' | '*=' | '/=' | '%=';

/** `target op expr`. A target starting with `_` is a temporary local to the code block. */
export interface Statement {
  readonly target: string;
  readonly op: AssignOperator;
  readonly expr: Expr;
  /** Where in the model text this statement comes from (for `// model@` links). */
  readonly span?: SourceSpan;
  /** Declares the temporary (first assignment of a `_` name). */
  readonly declare?: boolean;
}

/** Replaces names in an expression (used to inline subexpressions). */
export function substituteNames(expr: Expr, replace: (name: string) => Expr | undefined): Expr {
  const visit = (node: Expr): Expr => {
    switch (node.kind) {
      case 'name':
        return replace(node.name) ?? node;
      case 'unary':
        return { ...node, operand: visit(node.operand) };
      case 'binary':
        return { ...node, left: visit(node.left), right: visit(node.right) };
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
