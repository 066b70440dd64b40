/**
 * Positions in the user's text. Every diagnostic and every AST node carries a span so that
 * editors, the CLI and compiler-error mapping can point at the exact characters.
 */

/** A half-open range `[start, end)` of UTF-16 offsets into one source text. */
export interface SourceSpan {
  readonly start: number;
  readonly end: number;
  /** Which text the offsets refer to (e.g. `model`, `equations:neurons`); omitted means the model text. */
  readonly source?: string;
}

/** A 1-based line and column, as editors show them. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** Builds a span, keeping `start <= end`. */
export function toSpan(start: number, end: number, source?: string): SourceSpan {
  const lo = Math.min(start, end);
  const hi = Math.max(start, end);
  return source === undefined ? { start: lo, end: hi } : { start: lo, end: hi, source };
}

/** The smallest span covering both. */
export function joinSpans(a: SourceSpan, b: SourceSpan): SourceSpan {
  return toSpan(Math.min(a.start, b.start), Math.max(a.end, b.end), a.source ?? b.source);
}

/** Moves a span by `offset` characters (used when a string inside a script is parsed on its own). */
export function shiftSpan(span: SourceSpan, offset: number, source?: string): SourceSpan {
  return toSpan(span.start + offset, span.end + offset, source ?? span.source);
}

/** Converts an offset to a 1-based line and column. */
export function toLineColumn(text: string, offset: number): LineColumn {
  let line = 1;
  let lineStart = 0;
  const limit = Math.min(Math.max(offset, 0), text.length);
  for (let k = 0; k < limit; k++) {
    if (text.charCodeAt(k) === 10) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: limit - lineStart + 1 };
}
