/**
 * Recursive-descent parser for Python expressions with Python's precedence:
 * or < and < not < comparisons (chained) < + - < * / // % < unary + - < ** < call/attribute/subscript.
 * `mode: 'model'` accepts what Brian2 allows in model code (numbers, booleans, names, calls of
 * functions, arithmetic, comparisons, boolean logic) and rejects the rest with a diagnostic;
 * `mode: 'python'` also accepts strings, lists, tuples, keyword arguments, attributes and
 * subscripts for the Brian2 script reader.
 */
import { joinSpans, makeDiagnostic, toSpan, type Diagnostic, type SourceSpan } from '../diagnostics';
import type { BinaryOperator, CompareOperator, Expr, KeywordArgument, SliceExpr } from './ast';
import { scanExpression, type Token } from './scanner';

export type ParseMode = 'model' | 'python';

/** Thrown inside the parser only, to unwind to the entry point after a diagnostic was recorded. */
class ParseAbort extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

function describeToken(token: Token): string {
  if (token.kind === 'eof') return 'end of expression';
  if (token.kind === 'newline') return 'end of line';
  return `"${token.text}"`;
}

/** A cursor over tokens; also used by the statement and script parsers. */
export class TokenCursor {
  private index = 0;
  constructor(
    private readonly tokens: readonly Token[],
    readonly mode: ParseMode,
  ) {}

  peek(ahead = 0): Token {
    // The token list always ends with `eof`, so clamping keeps the result defined.
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] as Token;
  }
  next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }
  isOp(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'op' && token.text === text;
  }
  isKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === 'name' && token.text === word;
  }
  skipNewlines(): void {
    while (this.peek().kind === 'newline') this.next();
  }
  fail(expected: string, token: Token = this.peek()): never {
    throw new ParseAbort(makeDiagnostic('SF2002', { expected, found: describeToken(token) }, token.span));
  }
  expectOp(text: string): Token {
    if (!this.isOp(text)) this.fail(`"${text}"`);
    return this.next();
  }
  reject(text: string, reason: string, span: SourceSpan): never {
    throw new ParseAbort(makeDiagnostic('SF2007', { text, reason }, span));
  }
}

const COMPARE_OPS: readonly string[] = ['<', '<=', '>', '>=', '==', '!='];
const UNSUPPORTED_BINARY: Readonly<Record<string, string>> = {
  '&': 'bitwise operators do not exist in Brian2 expressions; use "and"',
  '|': 'bitwise operators do not exist in Brian2 expressions; use "or"',
  '^': 'bitwise operators do not exist in Brian2 expressions; for a power write "**"',
  '<<': 'bitwise operators do not exist in Brian2 expressions',
  '>>': 'bitwise operators do not exist in Brian2 expressions',
  '@': 'matrix multiplication does not exist in Brian2 expressions',
};

/** Parses one expression at the cursor (the caller checks what follows). */
export function parseExpressionAt(cursor: TokenCursor): Expr {
  return parseOr(cursor);
}

function parseOr(c: TokenCursor): Expr {
  let left = parseAnd(c);
  while (c.isKeyword('or')) {
    c.next();
    const right = parseAnd(c);
    left = { kind: 'boolop', op: 'or', left, right, span: joinSpans(left.span, right.span) };
  }
  return left;
}

function parseAnd(c: TokenCursor): Expr {
  let left = parseNot(c);
  while (c.isKeyword('and')) {
    c.next();
    const right = parseNot(c);
    left = { kind: 'boolop', op: 'and', left, right, span: joinSpans(left.span, right.span) };
  }
  return left;
}

function parseNot(c: TokenCursor): Expr {
  if (c.isKeyword('not')) {
    const token = c.next();
    const operand = parseNot(c);
    return { kind: 'unary', op: 'not', operand, span: joinSpans(token.span, operand.span) };
  }
  return parseComparison(c);
}

function parseComparison(c: TokenCursor): Expr {
  const first = parseArithmetic(c);
  const ops: CompareOperator[] = [];
  const operands: Expr[] = [first];
  for (;;) {
    const token = c.peek();
    if (token.kind === 'op' && COMPARE_OPS.includes(token.text)) {
      c.next();
      ops.push(token.text as CompareOperator); // membership checked on the line above
      operands.push(parseArithmetic(c));
    } else if (token.kind === 'name' && (token.text === 'in' || token.text === 'is')) {
      c.reject(token.text, `"${token.text}" is not supported in Brian2 expressions`, token.span);
    } else break;
  }
  if (ops.length === 0) return first;
  const last = operands[operands.length - 1] as Expr; // at least two operands here
  return { kind: 'compare', ops, operands, span: joinSpans(first.span, last.span) };
}

function parseArithmetic(c: TokenCursor): Expr {
  let left = parseTerm(c);
  while (c.isOp('+') || c.isOp('-')) {
    const op = c.next().text as BinaryOperator; // '+' or '-' by the loop condition
    const right = parseTerm(c);
    left = { kind: 'binary', op, left, right, span: joinSpans(left.span, right.span) };
  }
  checkUnsupportedBinary(c);
  return left;
}

function checkUnsupportedBinary(c: TokenCursor): void {
  const token = c.peek();
  if (token.kind === 'op') {
    const reason = UNSUPPORTED_BINARY[token.text];
    if (reason !== undefined) c.reject(token.text, reason, token.span);
  }
}

function parseTerm(c: TokenCursor): Expr {
  let left = parseUnary(c);
  while (c.isOp('*') || c.isOp('/') || c.isOp('//') || c.isOp('%')) {
    const op = c.next().text as BinaryOperator; // one of the four by the loop condition
    const right = parseUnary(c);
    left = { kind: 'binary', op, left, right, span: joinSpans(left.span, right.span) };
  }
  return left;
}

function parseUnary(c: TokenCursor): Expr {
  if (c.isOp('-') || c.isOp('+')) {
    const token = c.next();
    const operand = parseUnary(c);
    return { kind: 'unary', op: token.text === '-' ? '-' : '+', operand, span: joinSpans(token.span, operand.span) };
  }
  if (c.isOp('~')) c.reject('~', 'bitwise operators do not exist in Brian2 expressions; use "not"', c.peek().span);
  return parsePower(c);
}

function parsePower(c: TokenCursor): Expr {
  const base = parsePostfix(c);
  if (c.isOp('**')) {
    c.next();
    const exponent = parseUnary(c); // right-associative; `2**-1` is allowed
    return { kind: 'binary', op: '**', left: base, right: exponent, span: joinSpans(base.span, exponent.span) };
  }
  return base;
}

function parsePostfix(c: TokenCursor): Expr {
  let expr = parseAtom(c);
  for (;;) {
    if (c.isOp('(')) {
      expr = parseCall(c, expr);
    } else if (c.isOp('.')) {
      const dot = c.next();
      if (c.mode === 'model') c.reject('.', 'attribute access is not allowed in model expressions', dot.span);
      const nameToken = c.peek();
      if (nameToken.kind !== 'name') c.fail('an attribute name');
      c.next();
      expr = { kind: 'attribute', object: expr, name: nameToken.text, nameSpan: nameToken.span, span: joinSpans(expr.span, nameToken.span) };
    } else if (c.isOp('[')) {
      const open = c.next();
      if (c.mode === 'model') c.reject('[', 'indexing is not allowed in model expressions', open.span);
      const index = parseSliceOrExpr(c);
      const close = c.expectOp(']');
      expr = { kind: 'subscript', object: expr, index, span: joinSpans(expr.span, close.span) };
    } else return expr;
  }
}

function parseSliceOrExpr(c: TokenCursor): Expr | SliceExpr {
  const start = c.peek().span;
  const lower = c.isOp(':') ? undefined : parseExpressionAt(c);
  if (!c.isOp(':')) {
    if (lower === undefined) c.fail('an index');
    return lower;
  }
  c.next();
  const upper = c.isOp(']') ? undefined : parseExpressionAt(c);
  const end = upper?.span ?? c.peek().span;
  return { kind: 'slice', ...(lower ? { lower } : {}), ...(upper ? { upper } : {}), span: joinSpans(start, end) };
}

function parseCall(c: TokenCursor, callee: Expr): Expr {
  c.expectOp('(');
  const args: Expr[] = [];
  const keywords: KeywordArgument[] = [];
  c.skipNewlines();
  while (!c.isOp(')')) {
    const token = c.peek();
    if (token.kind === 'name' && c.isOp('=', 1)) {
      if (c.mode === 'model') c.reject(`${token.text}=`, 'keyword arguments are not allowed in model expressions', token.span);
      c.next();
      c.next();
      const value = parseExpressionAt(c);
      keywords.push({ name: token.text, value, span: joinSpans(token.span, value.span) });
    } else {
      if (keywords.length > 0) c.fail('a keyword argument (positional arguments come first)');
      args.push(parseExpressionAt(c));
    }
    c.skipNewlines();
    if (c.isOp(',')) {
      c.next();
      c.skipNewlines();
    } else if (!c.isOp(')')) c.fail('"," or ")"');
  }
  const close = c.next();
  return { kind: 'call', callee, args, keywords, span: joinSpans(callee.span, close.span) };
}

function parseAtom(c: TokenCursor): Expr {
  const token = c.peek();
  switch (token.kind) {
    case 'number': {
      c.next();
      const clean = token.text.replace(/_/g, '');
      const isInteger = /^[0-9]+$/.test(clean);
      return { kind: 'number', value: Number(clean), isInteger, text: token.text, span: token.span };
    }
    case 'name': {
      c.next();
      if (token.text === 'True' || token.text === 'False') return { kind: 'bool', value: token.text === 'True', span: token.span };
      if (token.text === 'None') {
        if (c.mode === 'model') c.reject('None', 'None has no meaning in model expressions', token.span);
        return { kind: 'none', span: token.span };
      }
      if (['and', 'or', 'not', 'if', 'else', 'lambda', 'for', 'in', 'is'].includes(token.text)) c.fail('an expression', token);
      return { kind: 'name', name: token.text, span: token.span };
    }
    case 'string': {
      c.next();
      if (c.mode === 'model') c.reject(token.text, 'strings are not allowed in model expressions', token.span);
      return { kind: 'string', value: token.value ?? '', contentStart: token.contentStart ?? token.span.start, raw: token.raw ?? true, span: token.span };
    }
    case 'op':
      if (token.text === '(') return parseParenthesised(c);
      if (token.text === '[') return parseList(c);
      return c.fail('an expression');
    case 'newline':
    case 'eof':
      return c.fail('an expression');
  }
}

function parseParenthesised(c: TokenCursor): Expr {
  const open = c.next();
  c.skipNewlines();
  if (c.isOp(')')) {
    if (c.mode === 'model') c.fail('an expression');
    const close = c.next();
    return { kind: 'list', items: [], tuple: true, span: joinSpans(open.span, close.span) };
  }
  const first = parseExpressionAt(c);
  c.skipNewlines();
  if (c.isOp(',') && c.mode === 'python') {
    const items: Expr[] = [first];
    while (c.isOp(',')) {
      c.next();
      c.skipNewlines();
      if (c.isOp(')')) break;
      items.push(parseExpressionAt(c));
      c.skipNewlines();
    }
    const close = c.expectOp(')');
    return { kind: 'list', items, tuple: true, span: joinSpans(open.span, close.span) };
  }
  const close = c.expectOp(')');
  // Keep the parentheses in the span so that diagnostics underline what the user wrote.
  return { ...first, span: joinSpans(open.span, close.span) }; // same node kind, wider span
}

function parseList(c: TokenCursor): Expr {
  const open = c.next();
  if (c.mode === 'model') c.reject('[', 'lists are not allowed in model expressions', open.span);
  const items: Expr[] = [];
  c.skipNewlines();
  while (!c.isOp(']')) {
    items.push(parseExpressionAt(c));
    c.skipNewlines();
    if (c.isOp(',')) {
      c.next();
      c.skipNewlines();
    } else if (!c.isOp(']')) c.fail('"," or "]"');
  }
  const close = c.next();
  return { kind: 'list', items, tuple: false, span: joinSpans(open.span, close.span) };
}

/** Runs a parse function, turning an abort into a diagnostic. */
export function runParser<T>(parse: () => T): { value?: T; diagnostics: Diagnostic[] } {
  try {
    return { value: parse(), diagnostics: [] };
  } catch (error) {
    if (error instanceof ParseAbort) return { diagnostics: [error.diagnostic] };
    throw error;
  }
}

/** Options for `parseExpression`. */
export interface ParseExpressionOptions {
  /** Offset of `text[0]` in the user's document. */
  readonly offset?: number;
  readonly mode?: ParseMode;
}

/**
 * Parses a whole expression. Returns the AST, or the diagnostics (scanner errors first).
 * An empty text is an error ("expected an expression").
 */
export function parseExpression(text: string, options: ParseExpressionOptions = {}): { expr?: Expr; diagnostics: Diagnostic[] } {
  const scanned = scanExpression(text, { offset: options.offset ?? 0 });
  if (scanned.diagnostics.length > 0) return { diagnostics: scanned.diagnostics };
  const cursor = new TokenCursor(scanned.tokens, options.mode ?? 'model');
  const parsed = runParser(() => {
    const expr = parseExpressionAt(cursor);
    if (cursor.peek().kind !== 'eof') cursor.fail('an operator or the end of the expression');
    return expr;
  });
  return parsed.value === undefined ? { diagnostics: parsed.diagnostics } : { expr: parsed.value, diagnostics: [] };
}

/** A span covering the whole text, for "empty expression" errors. */
export function spanOfText(text: string, offset = 0): SourceSpan {
  return toSpan(offset, offset + text.length);
}
