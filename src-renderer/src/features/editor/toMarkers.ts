/**
 * Diagnostics → Monaco markers, as plain data: no Monaco import, so it is unit-tested in jsdom and
 * shared by the model editor and the problems list (which shows the same line:column).
 */
import { toLineColumn, type Diagnostic, type Severity } from '../../../../src-shared/diagnostics';

/** Monaco's `MarkerSeverity` values (Hint 1, Info 2, Warning 4, Error 8). */
export const MARKER_SEVERITY: Readonly<Record<Severity, 2 | 4 | 8>> = { info: 2, warning: 4, error: 8 };

/** A marker as `monaco.editor.setModelMarkers` takes it. */
export interface MarkerData {
  readonly severity: 2 | 4 | 8;
  readonly message: string;
  readonly code: string;
  readonly source: string;
  readonly startLineNumber: number;
  readonly startColumn: number;
  readonly endLineNumber: number;
  readonly endColumn: number;
}

/** True when a diagnostic's span points into the model text (not into another source). */
export function isModelSpan(diagnostic: Diagnostic): diagnostic is Diagnostic & { readonly span: NonNullable<Diagnostic['span']> } {
  return diagnostic.span !== undefined && (diagnostic.span.source === undefined || diagnostic.span.source === 'model');
}

/**
 * One marker per diagnostic that has a span in the model text. Offsets are clamped to the text;
 * an empty span is widened to one character so the squiggle is visible. Notes follow the message
 * on their own lines.
 */
export function toMarkers(diagnostics: readonly Diagnostic[], text: string): MarkerData[] {
  const markers: MarkerData[] = [];
  for (const diagnostic of diagnostics) {
    if (!isModelSpan(diagnostic)) continue;
    const start = Math.min(Math.max(diagnostic.span.start, 0), text.length);
    let end = Math.min(Math.max(diagnostic.span.end, start), text.length);
    if (end === start && end < text.length && text[end] !== '\n') end++;
    const from = toLineColumn(text, start);
    const to = toLineColumn(text, end);
    const notes = diagnostic.notes ?? [];
    markers.push({
      severity: MARKER_SEVERITY[diagnostic.severity],
      message: [diagnostic.message, ...notes].join('\n'),
      code: diagnostic.code,
      source: 'SpikeForge',
      startLineNumber: from.line,
      startColumn: from.column,
      endLineNumber: to.line,
      endColumn: to.column,
    });
  }
  return markers;
}
