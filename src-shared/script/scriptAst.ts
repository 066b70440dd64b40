/**
 * The script AST: the statements of a Brian2 script, each with the span of its text. It is the
 * hand-off between `parseScript` (syntax only) and `evaluateScript` (meaning), so the editor can
 * reuse the parse for outlines and hovers without evaluating anything. Expressions inside the
 * statements are the shared expression AST of `expressions/` in `python` mode.
 *
 * Statements the reader cannot handle are kept as `unsupported` or `invalid` nodes rather than
 * dropped: the evaluator must know which names they would have bound (`assigns`) so that later
 * uses of those names do not cascade into "unknown name" errors.
 */
import type { SourceSpan } from '../diagnostics';
import type { Expr } from '../expressions';

/** One name of an `import` or `from … import` statement, with its optional `as` alias. */
export interface ImportedName {
  /** The dotted name as written (`matplotlib.pyplot`, `NeuronGroup`). */
  readonly name: string;
  readonly alias?: string;
  readonly span: SourceSpan;
}

/** A statement of the script. */
export type ScriptStatement =
  /** `import a.b as c, d` */
  | { readonly kind: 'import'; readonly names: readonly ImportedName[]; readonly span: SourceSpan }
  /** `from module import *` (`names` is `'*'`) or `from module import a as b, c` */
  | {
      readonly kind: 'fromImport';
      readonly module: string;
      readonly moduleSpan: SourceSpan;
      readonly names: readonly ImportedName[] | '*';
      readonly span: SourceSpan;
    }
  /** `name = value` */
  | { readonly kind: 'assign'; readonly target: string; readonly targetSpan: SourceSpan; readonly value: Expr; readonly span: SourceSpan }
  /** `object.attribute = value` (`G.v = -70*mV`, `defaultclock.dt = 0.1*ms`) */
  | {
      readonly kind: 'attributeAssign';
      readonly object: Expr;
      readonly attribute: string;
      readonly attributeSpan: SourceSpan;
      readonly targetSpan: SourceSpan;
      readonly value: Expr;
      readonly span: SourceSpan;
    }
  /** An expression on its own, usually a call: `run(100*ms)`, `plot(...)`. */
  | { readonly kind: 'expression'; readonly expr: Expr; readonly span: SourceSpan }
  /** `for target in iterable:` with its body (the evaluator decides whether it can run it). */
  | {
      readonly kind: 'for';
      readonly target: string;
      readonly targetSpan: SourceSpan;
      readonly iterable: Expr;
      readonly body: readonly ScriptStatement[];
      readonly span: SourceSpan;
    }
  /**
   * Valid Python the reader does not handle (`if`, `def`, `x += 1`, …), described by `what`.
   * `value` is the right-hand side of an unsupported assignment (`fig, ax = subplots()` is
   * still skipped as a plotting line).
   */
  | { readonly kind: 'unsupported'; readonly what: string; readonly assigns: readonly string[]; readonly value?: Expr; readonly span: SourceSpan }
  /** A statement with a syntax error (already reported); `assigns` are the names it seemed to bind. */
  | { readonly kind: 'invalid'; readonly assigns: readonly string[]; readonly span: SourceSpan };

/** A parsed script: its statements in document order. */
export interface ScriptAst {
  readonly statements: readonly ScriptStatement[];
}
