/**
 * The expression AST shared by model expressions (equations, thresholds, statements) and the
 * Python expressions of a Brian2 script. Every node carries the span of its text so that
 * diagnostics, hovers and the model↔code links point at the right characters.
 */
import type { SourceSpan } from '../diagnostics';

export type BinaryOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**';
export type CompareOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type UnaryOperator = '-' | '+' | 'not';

/** A keyword argument in a call (script mode only). */
export interface KeywordArgument {
  readonly name: string;
  readonly value: Expr;
  readonly span: SourceSpan;
}

/** An expression node. */
export type Expr =
  | { readonly kind: 'number'; readonly value: number; readonly isInteger: boolean; readonly text: string; readonly span: SourceSpan }
  | { readonly kind: 'bool'; readonly value: boolean; readonly span: SourceSpan }
  | { readonly kind: 'none'; readonly span: SourceSpan }
  | { readonly kind: 'name'; readonly name: string; readonly span: SourceSpan }
  /** `contentStart` is the offset of the first character of the string's content. */
  | { readonly kind: 'string'; readonly value: string; readonly contentStart: number; readonly raw: boolean; readonly span: SourceSpan }
  | { readonly kind: 'list'; readonly items: readonly Expr[]; readonly tuple: boolean; readonly span: SourceSpan }
  /** `{key: value, …}` (script mode only: `method_options=`, `events=`). */
  | { readonly kind: 'dict'; readonly entries: readonly DictEntry[]; readonly span: SourceSpan }
  | { readonly kind: 'unary'; readonly op: UnaryOperator; readonly operand: Expr; readonly span: SourceSpan }
  | { readonly kind: 'binary'; readonly op: BinaryOperator; readonly left: Expr; readonly right: Expr; readonly span: SourceSpan }
  | { readonly kind: 'compare'; readonly ops: readonly CompareOperator[]; readonly operands: readonly Expr[]; readonly span: SourceSpan }
  | { readonly kind: 'boolop'; readonly op: 'and' | 'or'; readonly left: Expr; readonly right: Expr; readonly span: SourceSpan }
  | { readonly kind: 'call'; readonly callee: Expr; readonly args: readonly Expr[]; readonly keywords: readonly KeywordArgument[]; readonly span: SourceSpan }
  | { readonly kind: 'attribute'; readonly object: Expr; readonly name: string; readonly nameSpan: SourceSpan; readonly span: SourceSpan }
  | { readonly kind: 'subscript'; readonly object: Expr; readonly index: Expr | SliceExpr; readonly span: SourceSpan };

/** One `key: value` of a dict literal. */
export interface DictEntry {
  readonly key: Expr;
  readonly value: Expr;
  readonly span: SourceSpan;
}

/** `a:b` inside a subscript (script mode only). */
export interface SliceExpr {
  readonly kind: 'slice';
  readonly lower?: Expr;
  readonly upper?: Expr;
  readonly span: SourceSpan;
}

/** Visits every name in an expression. */
export function collectNames(expr: Expr, into: { name: string; span: SourceSpan }[] = []): { name: string; span: SourceSpan }[] {
  switch (expr.kind) {
    case 'name':
      into.push({ name: expr.name, span: expr.span });
      break;
    case 'unary':
      collectNames(expr.operand, into);
      break;
    case 'binary':
    case 'boolop':
      collectNames(expr.left, into);
      collectNames(expr.right, into);
      break;
    case 'compare':
      for (const operand of expr.operands) collectNames(operand, into);
      break;
    case 'call':
      // The callee of a model-expression call is a function name, not a variable.
      for (const arg of expr.args) collectNames(arg, into);
      for (const kw of expr.keywords) collectNames(kw.value, into);
      break;
    case 'list':
      for (const item of expr.items) collectNames(item, into);
      break;
    case 'dict':
      for (const entry of expr.entries) {
        collectNames(entry.key, into);
        collectNames(entry.value, into);
      }
      break;
    case 'attribute':
      collectNames(expr.object, into);
      break;
    case 'subscript':
      collectNames(expr.object, into);
      if (expr.index.kind === 'slice') {
        if (expr.index.lower) collectNames(expr.index.lower, into);
        if (expr.index.upper) collectNames(expr.index.upper, into);
      } else collectNames(expr.index, into);
      break;
    case 'number':
    case 'bool':
    case 'none':
    case 'string':
      break;
  }
  return into;
}
