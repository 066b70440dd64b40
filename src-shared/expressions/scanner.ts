/**
 * Scanner for Python-like expressions (Brian2 model expressions and the expressions of a Brian2
 * script). Offsets are absolute: the caller passes where the text starts in the user's
 * document, so every token span points into the original text. Errors are collected, and the
 * scanner carries on so that the parser can report everything at once.
 */
import { abbreviate, makeDiagnostic, toSpan, type Diagnostic, type SourceSpan } from '../diagnostics';

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

const TWO_CHAR_OPS: readonly string[] = ['**', '//', '<=', '>=', '==', '!=', '+=', '-=', '*=', '/=', '%=', '<<', '>>', '->', ':='];
/** Two-character operators by `first * 128 + second` code unit, so scanning never copies text. */
const TWO_CHAR_CODES: ReadonlySet<number> = new Set(TWO_CHAR_OPS.map((op) => op.charCodeAt(0) * 128 + op.charCodeAt(1)));

/**
 * Scanner errors recorded per text. A pasted binary file has a bad character every few bytes;
 * the first ones say what is wrong, a million of them only cost time and memory.
 */
export const MAX_SCANNER_DIAGNOSTICS = 50;
const ONE_CHAR_OPS = '+-*/%<>()[]{},.:;=&|^~@!';

/** Character classes by code unit (ASCII only: identifiers and numbers are ASCII in Brian2 code). */
const IDENT_START = new Uint8Array(128);
const IDENT_PART = new Uint8Array(128);
const OP_START = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const c = String.fromCharCode(code);
  IDENT_START[code] = /[A-Za-z_]/.test(c) ? 1 : 0;
  IDENT_PART[code] = /[A-Za-z0-9_]/.test(c) ? 1 : 0;
  OP_START[code] = ONE_CHAR_OPS.includes(c) ? 1 : 0;
}

function isIdentStart(code: number): boolean {
  return code < 128 && IDENT_START[code] === 1;
}
function isIdentPart(code: number): boolean {
  return code < 128 && IDENT_PART[code] === 1;
}
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Characters that scan without diagnostics whatever surrounds them: operator characters,
 * brackets and blanks (not `.`, which may start a number, nor quotes, `#` or a backslash).
 */
const QUIET = new Uint8Array(128);
for (const c of ' \t\r\n()[]{}+-*/%<>=,:;&|^~@!') QUIET[c.charCodeAt(0)] = 1;

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

/**
 * An incremental scanner: `next()` returns one token at a time (`eof` at the end, repeatedly), so
 * a parser that stops at its first error need not tokenise the rest of a huge text; `drain()`
 * then scans the rest without building tokens, only to collect its diagnostics.
 */
export class TokenScanner {
  private k = 0;
  private depth = 0;
  private readonly offset: number;
  private readonly newlines: boolean;
  private readonly eof: Token;

  constructor(
    private readonly text: string,
    options: ScanOptions = {},
    /** Receives the scanner's diagnostics, in text order. */
    readonly diagnostics: Diagnostic[] = [],
  ) {
    this.offset = options.offset ?? 0;
    this.newlines = options.newlines === true;
    this.eof = { kind: 'eof', text: '', span: { start: text.length + this.offset, end: text.length + this.offset } };
  }

  /** The next token; `eof` once the text is exhausted. */
  next(): Token {
    return this.step(true) ?? this.eof;
  }

  /** Scans the rest of the text for its diagnostics only. */
  drain(): void {
    do this.skipQuiet();
    while (this.step(false) !== undefined);
  }

  /** Skips operators, brackets, blanks and whole names (not one before a quote: `r'…'`). */
  private skipQuiet(): void {
    const text = this.text;
    const n = text.length;
    let k = this.k;
    while (k < n) {
      const c = text.charCodeAt(k);
      if (c < 128 && QUIET[c] === 1) {
        k++;
      } else if (isIdentStart(c)) {
        let j = k + 1;
        while (isIdentPart(text.charCodeAt(j))) j++;
        const after = text.charCodeAt(j);
        if (after === 34 || after === 39) break;
        k = j;
      } else break;
    }
    this.k = k;
  }

  private token(create: boolean, kind: TokenKind, start: number, end: number): Token {
    if (!create) return this.eof; // any non-undefined value: the caller discards it
    return { kind, text: this.text.slice(start, end), span: { start: start + this.offset, end: end + this.offset } };
  }

  /** Records a diagnostic, up to {@link MAX_SCANNER_DIAGNOSTICS} of them. */
  private report(make: () => Diagnostic): void {
    if (this.diagnostics.length < MAX_SCANNER_DIAGNOSTICS) this.diagnostics.push(make());
  }

  /** Advances past one token and returns it (a placeholder when `create` is false); undefined at the end. */
  private step(create: boolean): Token | undefined {
    const text = this.text;
    const offset = this.offset;
    const n = text.length;
    let k = this.k;
    try {
      while (k < n) {
        const code = text.charCodeAt(k);
        if (code === 10 /* \n */) {
          k++;
          if (this.newlines && this.depth === 0) return this.token(create, 'newline', k - 1, k);
          continue;
        }
        if (code === 32 || code === 9 || code === 13 /* space, tab, \r */) {
          k++;
          continue;
        }
        if (code === 92 /* \ */ && text.charCodeAt(k + 1) === 10) {
          k += 2;
          continue;
        }
        if (code === 35 /* # */) {
          const eol = text.indexOf('\n', k);
          k = eol < 0 ? n : eol;
          continue;
        }
        // Strings, with optional r/R prefix; triple quotes may span lines.
        const next = text.charCodeAt(k + 1);
        const prefixRaw = (code === 114 || code === 82) /* r R */ && (next === 34 || next === 39);
        if (code === 34 || code === 39 /* " ' */ || prefixRaw) {
          const start = k;
          if (prefixRaw) k++;
          const quote = text.charAt(k);
          const triple = text.startsWith(quote.repeat(3), k);
          const delimiter = triple ? quote.repeat(3) : quote;
          const contentStart = k + delimiter.length;
          let j = contentStart;
          let closed = false;
          while (j < n) {
            const d = text.charCodeAt(j);
            if (d === 92 && !prefixRaw) {
              j += 2;
              continue;
            }
            if (!triple && d === 10) break;
            if (text.startsWith(delimiter, j)) {
              closed = true;
              break;
            }
            j++;
          }
          if (!closed) {
            j = Math.min(j, n);
            this.report(() => makeDiagnostic('SF2005', {}, toSpan(start + offset, j + offset)));
            k = j;
            continue;
          }
          k = j + delimiter.length;
          if (!create) return this.eof;
          const body = text.slice(contentStart, j);
          return {
            kind: 'string',
            text: text.slice(start, k),
            span: { start: start + offset, end: k + offset },
            value: prefixRaw ? body : decodeEscapes(body),
            contentStart: contentStart + offset,
            raw: prefixRaw || !body.includes('\\'),
          };
        }
        if (isDigit(code) || (code === 46 /* . */ && isDigit(next))) {
          const start = k;
          while (isDigit(text.charCodeAt(k)) || text.charCodeAt(k) === 95) k++;
          if (text.charCodeAt(k) === 46) {
            k++;
            while (isDigit(text.charCodeAt(k))) k++;
          }
          const e = text.charCodeAt(k);
          if (e === 101 || e === 69 /* e E */) {
            const save = k;
            k++;
            const sign = text.charCodeAt(k);
            if (sign === 43 || sign === 45) k++;
            if (!isDigit(text.charCodeAt(k))) k = save;
            else while (isDigit(text.charCodeAt(k))) k++;
          }
          if (isIdentStart(text.charCodeAt(k))) {
            const badStart = k;
            while (isIdentPart(text.charCodeAt(k))) k++;
            const number = abbreviate(text.slice(start, badStart));
            const suffix = abbreviate(text.slice(badStart, k));
            this.report(() =>
              makeDiagnostic('SF2006', { text: abbreviate(text.slice(start, k)) }, toSpan(start + offset, k + offset), [
                `a number cannot be followed directly by "${suffix}": write "${number}*${suffix}"`,
              ]),
            );
            continue;
          }
          return this.token(create, 'number', start, k);
        }
        if (isIdentStart(code)) {
          const start = k;
          k++;
          while (isIdentPart(text.charCodeAt(k))) k++;
          return this.token(create, 'name', start, k);
        }
        if (code < 128 && OP_START[code] === 1) {
          let length = 1;
          if ((code === 42 || code === 47) && next === code && text.charCodeAt(k + 2) === 61) length = 3; // **= //=
          else if (next < 128 && TWO_CHAR_CODES.has(code * 128 + next)) length = 2;
          if (length === 1) {
            if (code === 40 || code === 91 || code === 123 /* ( [ { */) this.depth++;
            else if (code === 41 || code === 93 || code === 125 /* ) ] } */) this.depth = Math.max(0, this.depth - 1);
          }
          k += length;
          return this.token(create, 'op', k - length, k);
        }
        // A whole code point, so that an emoji is one character in the message and its span.
        const width = code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
        const at = k;
        this.report(() => makeDiagnostic('SF2001', { char: describeCharacter(text.slice(at, at + width)) }, toSpan(at + offset, at + width + offset)));
        k += width;
      }
      return undefined;
    } finally {
      this.k = k;
    }
  }
}

/** Splits text into tokens; `#` comments are skipped. Linear in the text. */
export function scanExpression(text: string, options: ScanOptions = {}): { tokens: Token[]; diagnostics: Diagnostic[] } {
  const scanner = new TokenScanner(text, options);
  const tokens: Token[] = [];
  for (;;) {
    const token = scanner.next();
    tokens.push(token);
    if (token.kind === 'eof') break;
  }
  return { tokens, diagnostics: scanner.diagnostics };
}

/** A character for a message: printable ones as they are, others as `U+XXXX`. */
function describeCharacter(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code < 32 || code === 127 || (code >= 0x80 && code < 0xa0) || /\s/.test(c)) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return c;
}
