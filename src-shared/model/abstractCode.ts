/**
 * Brian2's abstract code (reset, on_pre/on_post, run_regularly): statements `name op expr`, one
 * per line or separated by `;`, with `#` comments. Parsed with the expression scanner and parser,
 * so every statement and target keeps its span; a bad statement is reported and skipped so every
 * problem of a block is reported at once. The checker resolves names, creates temporaries on a
 * first `=` to an unknown name (their unit comes from the value) and checks the unit of every
 * assignment. The result is the same `Statement` IR the state updaters produce.
 */
import { joinSpans, makeDiagnostic, type Diagnostic, type SourceSpan } from '../diagnostics';
import {
  inferDimensions,
  parseExpressionAt,
  runParser,
  scanExpression,
  TokenCursor,
  type AssignOperator,
  type Expr,
  type Statement,
  type SymbolInfo,
  type SymbolLookup,
  type Token,
} from '../expressions';
import { formatDimension, isDimensionless, sameDimension } from '../units';

/** A statement as the user wrote it. */
export interface UserStatement extends Statement {
  readonly targetSpan: SourceSpan;
  readonly span: SourceSpan;
}

const ASSIGN_OPS: ReadonlySet<string> = new Set(['=', '+=', '-=', '*=', '/=', '%=']);
const UNSUPPORTED_ASSIGN_OPS: ReadonlySet<string> = new Set(['**=', '//=']);

function isStatementEnd(token: Token): boolean {
  return token.kind === 'newline' || token.kind === 'eof' || (token.kind === 'op' && token.text === ';');
}

/** Parses a block of abstract code whose first character is at `offset` in the document. */
export function parseAbstractCode(text: string, offset = 0): { statements: UserStatement[]; diagnostics: Diagnostic[] } {
  const scanned = scanExpression(text, { offset, newlines: true });
  if (scanned.diagnostics.length > 0) return { statements: [], diagnostics: scanned.diagnostics };
  const cursor = new TokenCursor(scanned.tokens, 'model');
  const statements: UserStatement[] = [];
  const diagnostics: Diagnostic[] = [];
  const skipToEnd = (): void => {
    while (!isStatementEnd(cursor.peek())) cursor.next();
  };
  for (;;) {
    while (cursor.peek().kind === 'newline' || cursor.isOp(';')) cursor.next();
    const first = cursor.peek();
    if (first.kind === 'eof') break;
    const found = (token: Token): string => (token.kind === 'eof' ? 'end of code' : token.kind === 'newline' ? 'end of line' : `"${token.text}"`);
    if (first.kind !== 'name') {
      diagnostics.push(makeDiagnostic('SF2002', { expected: 'a variable name at the start of a statement', found: found(first) }, first.span));
      skipToEnd();
      continue;
    }
    cursor.next();
    const op = cursor.peek();
    if (op.kind === 'op' && UNSUPPORTED_ASSIGN_OPS.has(op.text)) {
      diagnostics.push(makeDiagnostic('SF2008', { op: op.text }, op.span));
      skipToEnd();
      continue;
    }
    if (op.kind !== 'op' || !ASSIGN_OPS.has(op.text)) {
      diagnostics.push(makeDiagnostic('SF2002', { expected: '"=", "+=", "-=", "*=", "/=" or "%="', found: found(op) }, op.span));
      skipToEnd();
      continue;
    }
    cursor.next();
    const parsed = runParser(() => {
      const expr = parseExpressionAt(cursor);
      if (!isStatementEnd(cursor.peek())) cursor.fail('the end of the statement (a new line or ";")');
      return expr;
    });
    if (parsed.value !== undefined) {
      statements.push({ target: first.text, op: op.text as AssignOperator, expr: parsed.value, targetSpan: first.span, span: joinSpans(first.span, parsed.value.span) });
    } else {
      diagnostics.push(...parsed.diagnostics);
      skipToEnd();
    }
  }
  return { statements, diagnostics };
}

/** Names a block may not assign to, with the reason (e.g. subexpressions, constants, `t`). */
export type WriteCheck = (name: string) => string | undefined;

/** The checked statements of a block, temporaries marked with `declare` at their first assignment. */
export interface CheckedCode {
  readonly statements: readonly Statement[];
  /** Temporaries the block creates, with their inferred types. */
  readonly temporaries: ReadonlyMap<string, SymbolInfo>;
}

/**
 * Checks a parsed block: every name resolves (temporaries included), every target is writable,
 * every assignment has consistent units. `context` names the block in messages (`the reset of G`).
 */
export function checkAbstractCode(statements: readonly UserStatement[], lookup: SymbolLookup, canWrite: WriteCheck, context: string): { code: CheckedCode; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const temporaries = new Map<string, SymbolInfo>();
  const scoped: SymbolLookup = (name) => temporaries.get(name) ?? lookup(name);
  const checked: Statement[] = [];
  for (const statement of statements) {
    const inferred = inferDimensions(statement.expr, scoped, context);
    diagnostics.push(...inferred.diagnostics);
    const target = scoped(statement.target);
    if (target === undefined) {
      if (statement.op !== '=') {
        diagnostics.push(makeDiagnostic('SF3002', { name: statement.target, context }, statement.targetSpan));
        continue;
      }
      if (inferred.inferred === undefined) continue;
      temporaries.set(statement.target, { dim: inferred.inferred.dim, type: inferred.inferred.type });
      checked.push({ target: statement.target, op: '=', expr: statement.expr, span: statement.span, declare: true });
      continue;
    }
    const reason = temporaries.has(statement.target) ? undefined : canWrite(statement.target);
    if (reason !== undefined) {
      diagnostics.push(makeDiagnostic('SF4018', { name: statement.target, context, reason }, statement.targetSpan));
      continue;
    }
    if (inferred.inferred === undefined) continue;
    const value = inferred.inferred;
    if (statement.op === '*=' || statement.op === '/=') {
      if (!isDimensionless(value.dim)) {
        diagnostics.push(makeDiagnostic('SF1002', { context: `"${sourceOf(statement)}" in ${context}`, left: `"${statement.op}" needs a dimensionless value`, right: `the value has ${formatDimension(value.dim)}` }, statement.expr.span));
        continue;
      }
    } else if (target.type !== 'boolean' && !sameDimension(value.dim, target.dim)) {
      diagnostics.push(makeDiagnostic('SF1002', { context: `"${sourceOf(statement)}" in ${context}`, left: `${statement.target} has ${formatDimension(target.dim)}`, right: `the value has ${formatDimension(value.dim)}` }, statement.expr.span));
      continue;
    }
    checked.push({ target: statement.target, op: statement.op, expr: statement.expr, span: statement.span });
  }
  return { code: { statements: checked, temporaries }, diagnostics };
}

function sourceOf(statement: UserStatement): string {
  return `${statement.target} ${statement.op} …`;
}

/** Whether an expression only reads the given names (used to decide what a code object loads). */
export function namesRead(exprs: readonly Expr[]): Set<string> {
  const names = new Set<string>();
  const visit = (node: Expr): void => {
    switch (node.kind) {
      case 'name':
        names.add(node.name);
        break;
      case 'unary':
        visit(node.operand);
        break;
      case 'binary':
      case 'boolop':
        visit(node.left);
        visit(node.right);
        break;
      case 'compare':
        node.operands.forEach(visit);
        break;
      case 'call':
        node.args.forEach(visit);
        break;
      default:
        break;
    }
  };
  exprs.forEach(visit);
  return names;
}
