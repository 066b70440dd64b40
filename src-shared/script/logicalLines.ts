/**
 * Splits a script's tokens into Python's logical lines (a line continues inside brackets and
 * after a backslash; the scanner already drops those newlines) and measures each line's
 * indentation, which is all the block structure the script subset needs. Kept apart from the
 * statement parser so that indentation rules live in one place.
 */
import { toSpan, type Diagnostic, type SourceSpan } from '../diagnostics';
import type { Token } from '../expressions';

/** One logical line: its tokens (ending with a synthetic `eof`), indentation and extent. */
export interface LogicalLine {
  readonly tokens: readonly Token[];
  /** Column of the first token (characters from the start of its physical line). */
  readonly indent: number;
  readonly span: SourceSpan;
  /** Whether the scanner reported an error inside this line (it is then not parsed). */
  readonly hasScanError: boolean;
  /** Brackets still open at the end of the line, outermost first (only the script's last line can have any). */
  readonly unclosed: readonly Token[];
}

const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/** The closing bracket for an opening one. */
export function closerOf(opener: string): string {
  return CLOSERS[opener] ?? ')';
}

function unclosedBrackets(tokens: readonly Token[]): Token[] {
  const stack: Token[] = [];
  for (const token of tokens) {
    if (token.kind !== 'op') continue;
    if (token.text in CLOSERS) stack.push(token);
    else if (token.text === ')' || token.text === ']' || token.text === '}') stack.pop();
  }
  return stack;
}

function indentOf(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart;
}

/** String prefixes the shared scanner does not know (it reads `r'…'` itself): f-strings, bytes, `u'…'`. */
const STRING_PREFIX = /^(?:[fFbBuU]|[rR][fFbB]|[fFbB][rR])$/;

/**
 * Joins a prefix name directly followed by a string (`f'…'`, `b"…"`, `rf'…'`) into one string
 * token, so plotting and printing lines with f-strings parse; the evaluator decides what they mean.
 */
function joinStringPrefixes(tokens: readonly Token[]): Token[] {
  const joined: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    const next = tokens[k + 1];
    if (token === undefined) continue;
    if (token.kind === 'name' && STRING_PREFIX.test(token.text) && next?.kind === 'string' && next.span.start === token.span.end) {
      joined.push({ ...next, text: token.text + next.text, span: toSpan(token.span.start, next.span.end) });
      k++;
    } else joined.push(token);
  }
  return joined;
}

/** Groups tokens into logical lines; blank and comment-only lines produce none. */
export function toLogicalLines(text: string, scannedTokens: readonly Token[], scanDiagnostics: readonly Diagnostic[]): LogicalLine[] {
  const tokens = joinStringPrefixes(scannedTokens);
  const lines: LogicalLine[] = [];
  let current: Token[] = [];
  // `end` is where the line stops (its newline), so errors after the last token still count.
  const flush = (end: number): void => {
    const first = current[0];
    const last = current[current.length - 1];
    if (first === undefined || last === undefined) return;
    const span = toSpan(first.span.start, last.span.end);
    const eof: Token = { kind: 'eof', text: '', span: toSpan(span.end, span.end) };
    const hasScanError = scanDiagnostics.some((d) => d.span !== undefined && d.span.start >= span.start && d.span.start < Math.max(end, span.end + 1));
    lines.push({ tokens: [...current, eof], indent: indentOf(text, first.span.start), span, hasScanError, unclosed: unclosedBrackets(current) });
    current = [];
  };
  for (const token of tokens) {
    if (token.kind === 'newline' || token.kind === 'eof') flush(token.span.start);
    else current.push(token);
  }
  flush(text.length);
  return lines;
}

const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '//=', '**=']);

/**
 * The names a line would bind if it ran: the targets of `name = …` (also in tuples and chains),
 * `def`/`class` names, `for` targets, `with … as name` and imports. Used for lines the reader
 * skips, so that later uses of those names are not reported as unknown.
 */
export function assignedNames(tokens: readonly Token[]): string[] {
  const names: string[] = [];
  const first = tokens[0];
  if (first === undefined) return names;
  const nameAt = (k: number): string | undefined => {
    const token = tokens[k];
    return token?.kind === 'name' ? token.text : undefined;
  };
  if (first.kind === 'name' && (first.text === 'def' || first.text === 'class')) {
    const name = nameAt(1);
    if (name !== undefined) names.push(name);
    return names;
  }
  if (first.kind === 'name' && first.text === 'for') {
    for (let k = 1; k < tokens.length && nameAt(k) !== 'in'; k++) {
      const name = nameAt(k);
      if (name !== undefined) names.push(name);
    }
    return names;
  }
  if (first.kind === 'name' && (first.text === 'import' || first.text === 'from')) {
    // `import a.b as c` binds c (or a); `from m import x as y` binds y (or x).
    let k = first.text === 'from' ? tokens.findIndex((t) => t.kind === 'name' && t.text === 'import') + 1 : 1;
    if (k <= 0) return names;
    while (k < tokens.length) {
      const name = nameAt(k);
      if (name === undefined) {
        k++;
        continue;
      }
      let end = k;
      while (tokens[end + 1]?.text === '.' && nameAt(end + 2) !== undefined) end += 2;
      if (nameAt(end + 1) === 'as' && nameAt(end + 2) !== undefined) {
        names.push(nameAt(end + 2) ?? name);
        k = end + 3;
      } else {
        names.push(name);
        k = end + 1;
      }
    }
    return names;
  }
  const asIndex = tokens.findIndex((t) => t.kind === 'name' && t.text === 'as');
  if (first.kind === 'name' && first.text === 'with' && asIndex > 0) {
    const name = nameAt(asIndex + 1);
    if (name !== undefined) names.push(name);
    return names;
  }
  // Names directly before a top-level assignment operator, at depth 0 and not after a dot.
  let depth = 0;
  let lastAssign = -1;
  tokens.forEach((token, k) => {
    if (token.kind !== 'op') return;
    if ('([{'.includes(token.text)) depth++;
    else if (')]}'.includes(token.text)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && ASSIGN_OPS.has(token.text)) lastAssign = k;
  });
  depth = 0;
  for (let k = 0; k < lastAssign; k++) {
    const token = tokens[k];
    if (token === undefined) continue;
    if (token.kind === 'op' && '([{'.includes(token.text)) depth++;
    else if (token.kind === 'op' && ')]}'.includes(token.text)) depth = Math.max(0, depth - 1);
    else if (token.kind === 'name' && depth === 0) {
      const before = tokens[k - 1];
      const after = tokens[k + 1];
      const dotted = (before?.kind === 'op' && before.text === '.') || (after?.kind === 'op' && (after.text === '.' || after.text === '[' || after.text === '('));
      if (!dotted && !names.includes(token.text)) names.push(token.text);
    }
  }
  return names;
}
