/**
 * Parses the text of a Brian2 script into the script AST (syntax only, no meaning). Python's
 * statement grammar is small for the declarative subset: imports, assignments, expression
 * statements and `for` blocks; expressions are parsed by the shared parser of `expressions/` in
 * `python` mode, so a script and the model strings inside it agree on precedence and spans.
 *
 * Error recovery is per logical line: a syntax error is reported and the parser resumes at the
 * next line, so every broken line of a script is reported at once. Block statements other than
 * `for` (`if`, `def`, `while`, …) are recorded as `unsupported` with their block skipped; the
 * evaluator reports them. The parser never throws: the expression parser's aborts become
 * diagnostics, and a stack overflow on absurdly nested input becomes one as well.
 */
import { joinSpans, makeDiagnostic, toSpan, type Diagnostic, type SourceSpan } from '../diagnostics';
import { parseExpressionAt, runParser, scanExpression, TokenCursor, type Expr, type Token } from '../expressions';
import { assignedNames, closerOf, toLogicalLines, type LogicalLine } from './logicalLines';
import type { ScriptAst, ScriptStatement } from './scriptAst';
import { parseSimpleStatement } from './parseSimpleStatement';

/** The result of `parseScript`: the AST (always, possibly partial) and syntax diagnostics. */
export interface ParsedScript {
  readonly ast: ScriptAst;
  readonly diagnostics: readonly Diagnostic[];
}

const UNSUPPORTED_BLOCKS: Readonly<Record<string, string>> = {
  if: '"if" blocks',
  while: '"while" loops',
  def: 'function definitions ("def")',
  class: 'class definitions',
  with: '"with" blocks',
  try: '"try" blocks',
  async: '"async" code',
};
const CONTINUATION_BLOCKS = new Set(['elif', 'else', 'except', 'finally']);

/** Constructs the parser cannot read yet, named by the token at which it stopped. */
const UNSUPPORTED_AT: Readonly<Record<string, string>> = {
  '{': 'set literals ({…})',
  for: 'comprehensions ([… for … in …])',
  if: 'conditional expressions (… if … else …)',
  lambda: 'lambda functions',
  '...': 'the ellipsis',
};

interface ParserState {
  readonly text: string;
  /** Replaced when the reader resumes after a bracket that is never closed. */
  lines: readonly LogicalLine[];
  index: number;
  readonly diagnostics: Diagnostic[];
}

function firstWord(line: LogicalLine): string | undefined {
  const first = line.tokens[0];
  return first?.kind === 'name' ? first.text : first?.kind === 'op' && first.text === '@' ? '@' : undefined;
}

/** Runs a parse step, turning aborts (and a stack overflow on pathological nesting) into diagnostics. */
function safeParse<T>(state: ParserState, parse: () => T): T | undefined {
  let result: { value?: T; diagnostics: Diagnostic[] };
  try {
    result = runParser(parse);
  } catch (error) {
    // NOTE: only a RangeError (call stack exhausted by thousands of nested brackets) is expected here.
    if (!(error instanceof RangeError)) throw error;
    const line = state.lines[state.index];
    state.diagnostics.push(makeDiagnostic('SF4009', { what: 'expressions nested this deeply' }, line?.span));
    return undefined;
  }
  for (const diagnostic of result.diagnostics) state.diagnostics.push(refineSyntaxError(diagnostic, state.text));
  return result.value;
}

/** Turns "expected an expression, found {" into "dict literals are not supported" and the like. */
function refineSyntaxError(diagnostic: Diagnostic, text: string): Diagnostic {
  if (diagnostic.code !== 'SF2002' || diagnostic.span === undefined) return diagnostic;
  const what = UNSUPPORTED_AT[text.slice(diagnostic.span.start, diagnostic.span.end)];
  return what === undefined ? diagnostic : makeDiagnostic('SF4009', { what }, diagnostic.span);
}

function lineSpanFrom(line: LogicalLine, start: number): SourceSpan {
  return toSpan(start, line.span.end);
}

/** Parses the `;`-separated simple statements from the cursor to the end of its line. */
function parseSimpleStatements(state: ParserState, line: LogicalLine, cursor: TokenCursor, out: ScriptStatement[]): void {
  while (cursor.peek().kind !== 'eof') {
    if (cursor.isOp(';')) {
      cursor.next();
      continue;
    }
    const start = cursor.peek();
    const rest = line.tokens.slice(line.tokens.indexOf(start));
    const statement = safeParse(state, () => parseSimpleStatement(cursor));
    if (statement === undefined) {
      out.push({ kind: 'invalid', assigns: assignedNames(rest), span: lineSpanFrom(line, start.span.start) });
      return;
    }
    if (statement !== 'pass') out.push(statement);
  }
}

/** Skips the indented block under a header at `indent` (the state points after the header). */
function skipBlock(state: ParserState, indent: number): readonly string[] {
  const names: string[] = [];
  while (state.index < state.lines.length) {
    const line = state.lines[state.index];
    if (line === undefined || line.indent <= indent) break;
    names.push(...assignedNames(line.tokens));
    state.index++;
  }
  return names;
}

/** Index of the first `:` outside brackets, or -1. */
function headerColon(tokens: readonly Token[]): number {
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    if (token?.kind !== 'op') continue;
    if ('([{'.includes(token.text)) depth++;
    else if (')]}'.includes(token.text)) depth = Math.max(0, depth - 1);
    else if (token.text === ':' && depth === 0) return k;
  }
  return -1;
}

function parseForStatement(state: ParserState, line: LogicalLine): ScriptStatement | undefined {
  const cursor = new TokenCursor(line.tokens, 'python');
  const header = safeParse(state, () => {
    cursor.next(); // `for`
    const target = cursor.peek();
    if (target.kind !== 'name' || !(cursor.peek(1).kind === 'name' && cursor.peek(1).text === 'in')) return undefined;
    cursor.next();
    cursor.next(); // `in`
    const iterable: Expr = parseExpressionAt(cursor);
    const colon = cursor.expectOp(':');
    return { target, iterable, colon };
  });
  state.index++;
  if (header === undefined) {
    // Either a syntax error (reported) or a target that is not a single name.
    const names = [...assignedNames(line.tokens), ...skipBlock(state, line.indent)];
    const reported = state.diagnostics.some((d) => d.span !== undefined && d.span.start >= line.span.start && d.span.end <= line.span.end);
    return reported
      ? { kind: 'invalid', assigns: names, span: line.span }
      : { kind: 'unsupported', what: '"for" loops over several names', assigns: names, span: line.span };
  }
  const body: ScriptStatement[] = [];
  if (cursor.peek().kind !== 'eof') parseSimpleStatements(state, line, cursor, body);
  else {
    const next = state.lines[state.index];
    if (next === undefined || next.indent <= line.indent) {
      state.diagnostics.push(makeDiagnostic('SF2002', { expected: 'an indented block', found: next === undefined ? 'end of script' : 'a line that is not indented' }, header.colon.span));
    } else parseBlock(state, next.indent, body);
  }
  const span = joinSpans(line.tokens[0]?.span ?? line.span, header.colon.span);
  return { kind: 'for', target: header.target.text, targetSpan: header.target.span, iterable: header.iterable, body, span };
}

/** Parses one compound statement (a header with a block); returns nothing for silently skipped parts. */
function parseCompound(state: ParserState, line: LogicalLine, word: string, previous: ScriptStatement | undefined): ScriptStatement | undefined {
  if (word === 'for') return parseForStatement(state, line);
  state.index++;
  const colon = headerColon(line.tokens);
  const inline = colon >= 0 && line.tokens[colon + 1]?.kind !== 'eof';
  const names = [...assignedNames(line.tokens), ...(inline ? [] : skipBlock(state, line.indent))];
  if (CONTINUATION_BLOCKS.has(word)) {
    // `else:` after an unsupported `if` belongs to it: one diagnostic for the whole construct.
    if (previous?.kind === 'unsupported') return { ...previous, assigns: [...previous.assigns, ...names], span: previous.span };
    state.diagnostics.push(makeDiagnostic('SF2002', { expected: 'a statement', found: `"${word}" without a matching block before it` }, line.tokens[0]?.span));
    return { kind: 'invalid', assigns: names, span: line.span };
  }
  const headerEnd = line.tokens[colon]?.span.end ?? line.span.end;
  return { kind: 'unsupported', what: UNSUPPORTED_BLOCKS[word] ?? `"${word}" blocks`, assigns: names, span: toSpan(line.span.start, headerEnd) };
}

function physicalLineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * A bracket that is never closed makes the rest of the script one logical line. Python stops
 * there ("'(' was never closed"); the reader reports the bracket, then finds where the statement
 * stops making sense (the parser's first error) and resumes at that physical line, rescanning
 * from there, so the lines after the slip are still read and checked.
 */
function recoverFromUnclosed(state: ParserState, line: LogicalLine, out: ScriptStatement[]): void {
  const opener = line.unclosed[0];
  if (opener !== undefined) {
    const expected = `"${closerOf(opener.text)}" to close this "${opener.text}"`;
    state.diagnostics.push(makeDiagnostic('SF2002', { expected, found: 'the end of the script' }, opener.span));
  }
  const cursor = new TokenCursor(line.tokens, 'python');
  let failure: Diagnostic | undefined;
  try {
    failure = runParser(() => {
      while (cursor.peek().kind !== 'eof') {
        if (cursor.isOp(';')) cursor.next();
        else parseSimpleStatement(cursor);
      }
    }).diagnostics[0];
  } catch (error) {
    // NOTE: only a RangeError (call stack exhausted by thousands of nested brackets) is expected here.
    if (!(error instanceof RangeError)) throw error;
  }
  const stop = failure?.span?.start ?? line.span.end;
  const stopLine = physicalLineStart(state.text, stop);
  const nextLine = state.text.indexOf('\n', stop);
  const resume = stopLine > (opener?.span.start ?? line.span.start) ? stopLine : nextLine < 0 ? state.text.length : nextLine + 1;
  const kept = line.tokens.filter((t) => t.span.start < resume && t.kind !== 'eof');
  out.push({ kind: 'invalid', assigns: assignedNames(kept), span: toSpan(line.span.start, Math.max(line.span.start, Math.min(resume, line.span.end))) });
  const rest = state.text.slice(resume);
  const rescanned = scanExpression(rest, { offset: resume, newlines: true });
  // The scanner's own errors (bad characters, strings) do not depend on brackets: they were reported already.
  const lines = resume >= state.text.length ? [] : toLogicalLines(state.text, rescanned.tokens, state.diagnostics);
  state.lines = [...state.lines.slice(0, state.index), ...lines];
}

/** Parses the lines of one block (all at `indent`) into `out`. */
function parseBlock(state: ParserState, indent: number, out: ScriptStatement[]): void {
  while (state.index < state.lines.length) {
    const line = state.lines[state.index];
    if (line === undefined || line.indent < indent) return;
    if (line.indent > indent) {
      state.diagnostics.push(makeDiagnostic('SF2002', { expected: 'a statement at the indentation of the lines before', found: 'an indented line' }, line.tokens[0]?.span ?? line.span));
      const names = [...assignedNames(line.tokens), ...skipBlock(state, indent)];
      out.push({ kind: 'invalid', assigns: names, span: line.span });
      continue;
    }
    if (line.unclosed.length > 0) {
      recoverFromUnclosed(state, line, out);
      continue;
    }
    if (line.hasScanError) {
      state.index++;
      out.push({ kind: 'invalid', assigns: assignedNames(line.tokens), span: line.span });
      continue;
    }
    const word = firstWord(line);
    if (word === '@') {
      // A decorator: the `def` or `class` under it is reported; the decorator line itself is skipped.
      state.index++;
      continue;
    }
    if (word !== undefined && (word === 'for' || UNSUPPORTED_BLOCKS[word] !== undefined || CONTINUATION_BLOCKS.has(word))) {
      const previous = out[out.length - 1];
      const statement = parseCompound(state, line, word, previous);
      if (statement !== undefined) {
        if (CONTINUATION_BLOCKS.has(word) && previous?.kind === 'unsupported') out[out.length - 1] = statement;
        else out.push(statement);
      }
      continue;
    }
    state.index++;
    parseSimpleStatements(state, line, new TokenCursor(line.tokens, 'python'), out);
  }
}

/**
 * Parses a Brian2 script. Always returns an AST (lines with syntax errors become `invalid`
 * statements) together with every syntax diagnostic found; spans are offsets into `text`.
 */
export function parseScript(text: string): ParsedScript {
  const scanned = scanExpression(text, { offset: 0, newlines: true });
  // NOTE: the scanner can end an unterminated string's span one past the text (a trailing
  // backslash skips two characters); clamp so every span stays inside the script.
  const diagnostics: Diagnostic[] = scanned.diagnostics.map((d) =>
    d.span === undefined || d.span.end <= text.length ? d : { ...d, span: toSpan(Math.min(d.span.start, text.length), text.length) },
  );
  const lines = toLogicalLines(text, scanned.tokens, diagnostics);
  const state: ParserState = { text, lines, index: 0, diagnostics };
  const statements: ScriptStatement[] = [];
  // Top-level statements start in column 0; indented lines there are reported by parseBlock,
  // which only returns at a dedent below its indentation, so one call reads the whole script.
  parseBlock(state, 0, statements);
  return { ast: { statements }, diagnostics };
}


