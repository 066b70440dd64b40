/**
 * Scanner for Python-like expressions (Brian2 model expressions and the expressions of a Brian2
 * script). Offsets are absolute: the caller passes where the text starts in the user's
 * document, so every token span points into the original text. Errors are collected, and the
 * scanner carries on so that the parser can report everything at once.
 */
import { makeDiagnostic, toSpan, type Diagnostic, type SourceSpan } from '../diagnostics';

export type TokenKind = 'number' | 'name' | 'string' | 'op' | 'newline' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly span: SourceSpan;
  /** For strings: the decoded value and where its content starts. */
  readonly value?: string;
  readonly contentStart?: number;
  readonly raw?: boolean;
}

const THREE_CHAR_OPS = ['**=', '//='];
const TWO_CHAR_OPS = ['**', '//', '<=', '>=', '==', '!=', '+=', '-=', '*=', '/=', '%=', '<<', '>>', '->', ':='];
const ONE_CHAR_OPS = '+-*/%<>()[]{},.:;=&|^~@!';

function isIdentStart(c: string): boolean {
  return /[A-Za-z_]/.test(c);
}
function isIdentPart(c: string): boolean {
  return /[A-Za-z0-9_]/.test(c);
}
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Options for `scanExpression`. */
export interface ScanOptions {
  /** Offset of `text[0]` in the user's document. */
  readonly offset?: number;
  /** Emit `newline` tokens at line ends outside brackets (statement and script parsing). */
  readonly newlines?: boolean;
}

function decodeEscapes(body: string): string {
  return body.replace(/\\(.)/g, (_m, c: string) => {
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case '\\':
        return '\\';
      case "'":
        return "'";
      case '"':
        return '"';
      default:
        return `\\${c}`;
    }
  });
}

/** Splits text into tokens; `#` comments are skipped. */
export function scanExpression(text: string, options: ScanOptions = {}): { tokens: Token[]; diagnostics: Diagnostic[] } {
  const offset = options.offset ?? 0;
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  let depth = 0;
  let k = 0;
  const push = (kind: TokenKind, start: number, end: number, extra: Partial<Token> = {}): void => {
    tokens.push({ kind, text: text.slice(start, end), span: toSpan(start + offset, end + offset), ...extra });
  };
  while (k < text.length) {
    const c = text.charAt(k);
    if (c === '\n') {
      if (options.newlines && depth === 0) push('newline', k, k + 1);
      k++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      k++;
      continue;
    }
    if (c === '\\' && text.charAt(k + 1) === '\n') {
      k += 2;
      continue;
    }
    if (c === '#') {
      while (k < text.length && text.charAt(k) !== '\n') k++;
      continue;
    }
    // Strings, with optional r/R prefix; triple quotes may span lines.
    const prefixRaw = (c === 'r' || c === 'R') && (text.charAt(k + 1) === '"' || text.charAt(k + 1) === "'");
    if (c === '"' || c === "'" || prefixRaw) {
      const start = k;
      if (prefixRaw) k++;
      const quote = text.charAt(k);
      const triple = text.startsWith(quote.repeat(3), k);
      const delimiter = triple ? quote.repeat(3) : quote;
      const contentStart = k + delimiter.length;
      let j = contentStart;
      let closed = false;
      while (j < text.length) {
        const d = text.charAt(j);
        if (d === '\\' && !prefixRaw) {
          j += 2;
          continue;
        }
        if (!triple && d === '\n') break;
        if (text.startsWith(delimiter, j)) {
          closed = true;
          break;
        }
        j++;
      }
      if (!closed) {
        diagnostics.push(makeDiagnostic('SF2005', {}, toSpan(start + offset, j + offset)));
        k = j;
        continue;
      }
      const body = text.slice(contentStart, j);
      push('string', start, j + delimiter.length, {
        value: prefixRaw ? body : decodeEscapes(body),
        contentStart: contentStart + offset,
        raw: prefixRaw || !body.includes('\\'),
      });
      k = j + delimiter.length;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text.charAt(k + 1)))) {
      const start = k;
      while (isDigit(text.charAt(k)) || text.charAt(k) === '_') k++;
      if (text.charAt(k) === '.') {
        k++;
        while (isDigit(text.charAt(k))) k++;
      }
      if (text.charAt(k) === 'e' || text.charAt(k) === 'E') {
        const save = k;
        k++;
        if (text.charAt(k) === '+' || text.charAt(k) === '-') k++;
        if (!isDigit(text.charAt(k))) k = save;
        else while (isDigit(text.charAt(k))) k++;
      }
      if (isIdentStart(text.charAt(k))) {
        const badStart = k;
        while (isIdentPart(text.charAt(k))) k++;
        diagnostics.push(makeDiagnostic('SF2006', { text: text.slice(start, k) }, toSpan(start + offset, k + offset), [
          `a number cannot be followed directly by "${text.slice(badStart, k)}": write "${text.slice(start, badStart)}*${text.slice(badStart, k)}"`,
        ]));
        continue;
      }
      push('number', start, k);
      continue;
    }
    if (isIdentStart(c)) {
      const start = k;
      while (isIdentPart(text.charAt(k))) k++;
      push('name', start, k);
      continue;
    }
    const three = text.slice(k, k + 3);
    const two = text.slice(k, k + 2);
    const op = THREE_CHAR_OPS.includes(three) ? three : TWO_CHAR_OPS.includes(two) ? two : ONE_CHAR_OPS.includes(c) ? c : undefined;
    if (op !== undefined) {
      if (op === '(' || op === '[' || op === '{') depth++;
      if (op === ')' || op === ']' || op === '}') depth = Math.max(0, depth - 1);
      push('op', k, k + op.length);
      k += op.length;
      continue;
    }
    diagnostics.push(makeDiagnostic('SF2001', { char: c }, toSpan(k + offset, k + 1 + offset)));
    k++;
  }
  tokens.push({ kind: 'eof', text: '', span: toSpan(text.length + offset, text.length + offset) });
  return { tokens, diagnostics };
}
