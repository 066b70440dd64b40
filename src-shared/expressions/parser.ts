/**
 * Recursive-descent parser for Python expressions with Python's precedence:
 * or < and < not < comparisons (chained) < + - < * / // % < unary + - < ** < call/attribute/subscript.
 * `mode: 'model'` accepts what Brian2 allows in model code (numbers, booleans, names, calls of
 * functions, arithmetic, comparisons, boolean logic) and rejects the rest with a diagnostic;
 * `mode: 'python'` also accepts strings, lists, tuples, keyword arguments, attributes and
 * subscripts for the Brian2 script reader.
 */
import { abbreviate, joinSpans, makeDiagnostic, toSpan, type Diagnostic, type SourceSpan } from '../diagnostics';
import type { BinaryOperator, CompareOperator, DictEntry, Expr, KeywordArgument, SliceExpr } from './ast';
import { TokenScanner, type Token } from './scanner';

export type ParseMode = 'model' | 'python';

/**
 * How deeply parse functions may recurse: brackets, calls, unary operators, `not` and `**`
 * exponents each add a level. CPython's parser stops at 200 nested brackets too; the limit keeps
 * the recursive descent far from the JavaScript stack limit.
 */
export const MAX_NESTING = 200;

/**
 * How deep an expression tree may be, counting every operator (a chain `a + b + … ` of n terms is
 * n levels deep). Later stages walk trees recursively; this bound keeps them safe as well.
 */
export const MAX_EXPRESSION_DEPTH = 1000;

/**
 * How many tokens one model expression may have (some 80 KB of text; the largest published
 * models have right-hand sides of a few hundred tokens). The bound keeps every later stage's
 * work, and the time a pasted megabyte takes to reject, small.
 */
export const MAX_MODEL_TOKENS = 20_000;

/** Thrown inside the parser only, to unwind to the entry point after a diagnostic was recorded. */
class ParseAbort extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

function describeToken(token: Token): string {
  if (token.kind === 'eof') return 'end of expression';
  if (token.kind === 'newline') return 'end of line';
  return `"${abbreviate(token.text, 40)}"`;
}

/** A cursor over tokens; also used by the statement and script parsers. */
export class TokenCursor {
  private index = 0;
  private readonly tokens: readonly Token[];
  /** With a scanner: the tokens scanned so far (`tokens` is this array). */
  private readonly scanned: Token[] | undefined;
  private readonly scanner: TokenScanner | undefined;
  private nesting = 0;
  /** Depth of the tree the last parse function returned (see {@link MAX_EXPRESSION_DEPTH}). */
  depth = 0;

  /**
   * Over a token list that ends with `eof`, or over a scanner that produces tokens as they are
   * needed; with a scanner, at most `maxTokens` of them (SF2010 beyond).
   */
  constructor(
    tokens: readonly Token[] | TokenScanner,
    readonly mode: ParseMode,
    private readonly maxTokens = Infinity,
  ) {
    if (tokens instanceof TokenScanner) {
      this.scanned = [];
      this.tokens = this.scanned;
      this.scanner = tokens;
    } else {
      this.tokens = tokens.length > 0 ? tokens : [{ kind: 'eof', text: '', span: { start: 0, end: 0 } }];
      this.scanned = undefined;
      this.scanner = undefined;
    }
  }

  peek(ahead = 0): Token {
    const at = this.index + ahead;
    const scanned = this.scanned;
    if (scanned !== undefined && this.scanner !== undefined) {
      while (scanned.length <= at) {
        const last = scanned[scanned.length - 1];
        if (last?.kind === 'eof') return last;
        const token = this.scanner.next();
        if (scanned.length >= this.maxTokens && token.kind !== 'eof') {
          throw new ParseAbort(makeDiagnostic('SF2010', { limit: this.maxTokens }, token.span, ['split the expression, e.g. into subexpressions']));
        }
        scanned.push(token);
      }
    }
    // The token list always ends with `eof`, so clamping keeps the result defined.
    return this.tokens[Math.min(at, this.tokens.length - 1)] as Token;
  }
  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
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
    throw new ParseAbort(makeDiagnostic('SF2007', { text: abbreviate(text, 40), reason }, span));
  }
  /** Runs `parse` one nesting level deeper; SF2009 at `token` beyond {@link MAX_NESTING}. */
  nested<T>(token: Token, parse: () => T): T {
    if (this.nesting >= MAX_NESTING) {
      throw new ParseAbort(makeDiagnostic('SF2009', { limit: MAX_NESTING, what: 'brackets, calls and unary operators' }, token.span, ['split the expression, e.g. into subexpressions']));
    }
    this.nesting++;
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }
  /** Records that `node` is `depth` levels deep; SF2009 on the node beyond {@link MAX_EXPRESSION_DEPTH}. */
  tree<T extends Expr>(node: T, depth: number): T {
    if (depth > MAX_EXPRESSION_DEPTH) {
      throw new ParseAbort(makeDiagnostic('SF2009', { limit: MAX_EXPRESSION_DEPTH, what: 'operators' }, node.span, ['split the expression, e.g. into subexpressions']));
    }
    this.depth = depth;
    return node;
  }
}

const COMPARE_OPS: ReadonlySet<string> = new Set(['<', '<=', '>', '>=', '==', '!=']);
const RESERVED_WORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'if', 'else', 'lambda', 'for', 'in', 'is']);
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
  return cursor.nested(cursor.peek(), () => parseOr(cursor));
}

function parseOr(c: TokenCursor): Expr {
  let left = parseAnd(c);
  let depth = c.depth;
  while (c.isKeyword('or')) {
    c.next();
    const right = parseAnd(c);
    depth = Math.max(depth, c.depth) + 1;
    left = c.tree({ kind: 'boolop', op: 'or', left, right, span: joinSpans(left.span, right.span) }, depth);
  }
  return left;
}

function parseAnd(c: TokenCursor): Expr {
  let left = parseNot(c);
  let depth = c.depth;
  while (c.isKeyword('and')) {
    c.next();
    const right = parseNot(c);
    depth = Math.max(depth, c.depth) + 1;
    left = c.tree({ kind: 'boolop', op: 'and', left, right, span: joinSpans(left.span, right.span) }, depth);
  }
  return left;
}

function parseNot(c: TokenCursor): Expr {
  if (c.isKeyword('not')) {
    const token = c.next();
    const operand = c.nested(token, () => parseNot(c));
    return c.tree({ kind: 'unary', op: 'not', operand, span: joinSpans(token.span, operand.span) }, c.depth + 1);
  }
  return parseComparison(c);
}

function parseComparison(c: TokenCursor): Expr {
  const first = parseArithmetic(c);
  let depth = c.depth;
  const ops: CompareOperator[] = [];
  const operands: Expr[] = [first];
  for (;;) {
    const token = c.peek();
    if (token.kind === 'op' && COMPARE_OPS.has(token.text)) {
      c.next();
      ops.push(token.text as CompareOperator); // membership checked on the line above
      operands.push(parseArithmetic(c));
      depth = Math.max(depth, c.depth);
    } else if (token.kind === 'name' && (token.text === 'in' || token.text === 'is')) {
      c.reject(token.text, `"${token.text}" is not supported in Brian2 expressions`, token.span);
    } else break;
  }
  if (ops.length === 0) return first;
  const last = operands[operands.length - 1] as Expr; // at least two operands here
  return c.tree({ kind: 'compare', ops, operands, span: joinSpans(first.span, last.span) }, depth + 1);
}

function parseArithmetic(c: TokenCursor): Expr {
  let left = parseTerm(c);
  let depth = c.depth;
  while (c.isOp('+') || c.isOp('-')) {
    const op = c.next().text as BinaryOperator; // '+' or '-' by the loop condition
    const right = parseTerm(c);
    depth = Math.max(depth, c.depth) + 1;
    left = c.tree({ kind: 'binary', op, left, right, span: joinSpans(left.span, right.span) }, depth);
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
  let depth = c.depth;
  while (c.isOp('*') || c.isOp('/') || c.isOp('//') || c.isOp('%')) {
    const op = c.next().text as BinaryOperator; // one of the four by the loop condition
    const right = parseUnary(c);
    depth = Math.max(depth, c.depth) + 1;
    left = c.tree({ kind: 'binary', op, left, right, span: joinSpans(left.span, right.span) }, depth);
  }
  return left;
}

function parseUnary(c: TokenCursor): Expr {
  if (c.isOp('-') || c.isOp('+')) {
    const token = c.next();
    const operand = c.nested(token, () => parseUnary(c));
    return c.tree({ kind: 'unary', op: token.text === '-' ? '-' : '+', operand, span: joinSpans(token.span, operand.span) }, c.depth + 1);
  }
  if (c.isOp('~')) c.reject('~', 'bitwise operators do not exist in Brian2 expressions; use "not"', c.peek().span);
  return parsePower(c);
}

function parsePower(c: TokenCursor): Expr {
  const base = parsePostfix(c);
  if (c.isOp('**')) {
    const baseDepth = c.depth;
    const operator = c.next();
    const exponent = c.nested(operator, () => parseUnary(c)); // right-associative; `2**-1` is allowed
    return c.tree({ kind: 'binary', op: '**', left: base, right: exponent, span: joinSpans(base.span, exponent.span) }, Math.max(baseDepth, c.depth) + 1);
  }
  return base;
}

function parsePostfix(c: TokenCursor): Expr {
  let expr = parseAtom(c);
  for (;;) {
    const depth = c.depth;
    if (c.isOp('(')) {
      expr = parseCall(c, expr, depth);
    } else if (c.isOp('.')) {
      const dot = c.next();
      if (c.mode === 'model') c.reject('.', 'attribute access is not allowed in model expressions', dot.span);
      const nameToken = c.peek();
      if (nameToken.kind !== 'name') c.fail('an attribute name');
      c.next();
      expr = c.tree({ kind: 'attribute', object: expr, name: nameToken.text, nameSpan: nameToken.span, span: joinSpans(expr.span, nameToken.span) }, depth + 1);
    } else if (c.isOp('[')) {
      const open = c.next();
      if (c.mode === 'model') c.reject('[', 'indexing is not allowed in model expressions', open.span);
      const index = parseSliceOrExpr(c);
      const close = c.expectOp(']');
      expr = c.tree({ kind: 'subscript', object: expr, index, span: joinSpans(expr.span, close.span) }, Math.max(depth, c.depth) + 1);
    } else return expr;
  }
}

/** Parses an index or a slice; `c.depth` is then the depth of the index (a slice counts one level). */
function parseSliceOrExpr(c: TokenCursor): Expr | SliceExpr {
  const start = c.peek().span;
  let depth = 0;
  const lower = c.isOp(':') ? undefined : parseExpressionAt(c);
  if (lower !== undefined) depth = c.depth;
  if (!c.isOp(':')) {
    if (lower === undefined) c.fail('an index');
    return lower;
  }
  c.next();
  const upper = c.isOp(']') ? undefined : parseExpressionAt(c);
  if (upper !== undefined) depth = Math.max(depth, c.depth);
  c.depth = depth + 1;
  const end = upper?.span ?? c.peek().span;
  return { kind: 'slice', ...(lower ? { lower } : {}), ...(upper ? { upper } : {}), span: joinSpans(start, end) };
}

function parseCall(c: TokenCursor, callee: Expr, calleeDepth: number): Expr {
  c.expectOp('(');
  const args: Expr[] = [];
  const keywords: KeywordArgument[] = [];
  let depth = calleeDepth;
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
    depth = Math.max(depth, c.depth);
    c.skipNewlines();
    if (c.isOp(',')) {
      c.next();
      c.skipNewlines();
    } else if (!c.isOp(')')) c.fail('"," or ")"');
  }
  const close = c.next();
  return c.tree({ kind: 'call', callee, args, keywords, span: joinSpans(callee.span, close.span) }, depth + 1);
}

function parseAtom(c: TokenCursor): Expr {
  const token = c.peek();
  switch (token.kind) {
    case 'number': {
      c.next();
      const clean = token.text.includes('_') ? token.text.replace(/_/g, '') : token.text;
      const isInteger = /^[0-9]+$/.test(clean);
      return c.tree({ kind: 'number', value: Number(clean), isInteger, text: token.text, span: token.span }, 1);
    }
    case 'name': {
      c.next();
      if (token.text === 'True' || token.text === 'False') return c.tree({ kind: 'bool', value: token.text === 'True', span: token.span }, 1);
      if (token.text === 'None') {
        if (c.mode === 'model') c.reject('None', 'None has no meaning in model expressions', token.span);
        return c.tree({ kind: 'none', span: token.span }, 1);
      }
      if (RESERVED_WORDS.has(token.text)) c.fail('an expression', token);
      return c.tree({ kind: 'name', name: token.text, span: token.span }, 1);
    }
    case 'string': {
      c.next();
      if (c.mode === 'model') c.reject(token.text, 'strings are not allowed in model expressions', token.span);
      return c.tree({ kind: 'string', value: token.value ?? '', contentStart: token.contentStart ?? token.span.start, raw: token.raw ?? true, span: token.span }, 1);
    }
    case 'op':
      if (token.text === '(') return parseParenthesised(c);
      if (token.text === '[') return parseList(c);
      if (token.text === '{' && c.mode === 'python') return parseDict(c);
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
    return c.tree({ kind: 'list', items: [], tuple: true, span: joinSpans(open.span, close.span) }, 1);
  }
  const first = parseExpressionAt(c);
  let depth = c.depth;
  c.skipNewlines();
  if (c.isOp(',') && c.mode === 'python') {
    const items: Expr[] = [first];
    while (c.isOp(',')) {
      c.next();
      c.skipNewlines();
      if (c.isOp(')')) break;
      items.push(parseExpressionAt(c));
      depth = Math.max(depth, c.depth);
      c.skipNewlines();
    }
    const close = c.expectOp(')');
    return c.tree({ kind: 'list', items, tuple: true, span: joinSpans(open.span, close.span) }, depth + 1);
  }
  const close = c.isOp(')') ? c.next() : failUnclosed(c);
  // Keep the parentheses in the span so that diagnostics underline what the user wrote.
  return c.tree({ ...first, span: joinSpans(open.span, close.span) }, depth); // same node kind, wider span
}

/** SF2002 for a missing `)`, with a note pointing at the bracket it should close. */
function failUnclosed(c: TokenCursor): never {
  const token = c.peek();
  throw new ParseAbort(makeDiagnostic('SF2002', { expected: '")"', found: describeToken(token) }, token.span, ['a "(" before it is not closed']));
}

/**
 * The comma-separated items up to `close` (a trailing comma allowed, newlines skipped), each read
 * by `item`; returns them with the deepest item's depth and the closing token.
 */
function parseItemsUntil<T>(c: TokenCursor, close: string, item: (index: number) => T): { items: T[]; depth: number; close: Token } {
  const items: T[] = [];
  let depth = 0;
  c.skipNewlines();
  while (!c.isOp(close)) {
    items.push(item(items.length));
    depth = Math.max(depth, c.depth);
    c.skipNewlines();
    if (c.isOp(',')) {
      c.next();
      c.skipNewlines();
    } else if (!c.isOp(close)) c.fail(`"," or "${close}"`);
  }
  return { items, depth, close: c.next() };
}

function parseList(c: TokenCursor): Expr {
  const open = c.next();
  if (c.mode === 'model') c.reject('[', 'lists are not allowed in model expressions', open.span);
  const { items, depth, close } = parseItemsUntil(c, ']', () => parseExpressionAt(c));
  return c.tree({ kind: 'list', items, tuple: false, span: joinSpans(open.span, close.span) }, depth + 1);
}

/** `{key: value, …}` with any expression as key; sets `{a, b}` are not read. */
function parseDict(c: TokenCursor): Expr {
  const open = c.next();
  let keyDepth = 0;
  const { items: entries, depth, close } = parseItemsUntil(c, '}', (index): DictEntry => {
    const key = parseExpressionAt(c);
    keyDepth = Math.max(keyDepth, c.depth);
    c.skipNewlines();
    // `{a, b}` is a set: reported at the brace (the script reader names it "set literals").
    if (!c.isOp(':') && index === 0) c.fail('":" after a dict key', open);
    c.expectOp(':');
    c.skipNewlines();
    const value = parseExpressionAt(c);
    return { key, value, span: joinSpans(key.span, value.span) };
  });
  return c.tree({ kind: 'dict', entries, span: joinSpans(open.span, close.span) }, Math.max(depth, keyDepth) + 1);
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
  // Tokens are scanned as the parser needs them: after an early syntax error the rest of a long
  // text is only checked for scanner errors, which are reported first when there are any.
  const scanner = new TokenScanner(text, { offset: options.offset ?? 0 });
  const mode = options.mode ?? 'model';
  const cursor = new TokenCursor(scanner, mode, mode === 'model' ? MAX_MODEL_TOKENS : Infinity);
  const parsed = runParser(() => {
    const expr = parseExpressionAt(cursor);
    if (cursor.peek().kind !== 'eof') cursor.fail('an operator or the end of the expression');
    return expr;
  });
  scanner.drain();
  if (scanner.diagnostics.length > 0) return { diagnostics: scanner.diagnostics };
  return parsed.value === undefined ? { diagnostics: parsed.diagnostics } : { expr: parsed.value, diagnostics: [] };
}

/** A span covering the whole text, for "empty expression" errors. */
export function spanOfText(text: string, offset = 0): SourceSpan {
  return toSpan(offset, offset + text.length);
}
