/**
 * Renders a diagnostic the way compilers do: `file:line:col: error SFxxxx: message`, the source
 * line, and a caret underline under the span. Used by the CLI, examples and golden tests.
 */
import type { Diagnostic } from './diagnostic';
import { toLineColumn } from './sourceSpan';

/** Renders one diagnostic against the text its span points into. */
export function formatDiagnostic(diagnostic: Diagnostic, text: string, fileName = 'model'): string {
  const lines: string[] = [];
  const span = diagnostic.span;
  if (span === undefined) {
    lines.push(`${fileName}: ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`);
  } else {
    const start = toLineColumn(text, span.start);
    lines.push(`${fileName}:${start.line}:${start.column}: ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`);
    const lineText = text.split('\n')[start.line - 1] ?? '';
    const end = toLineColumn(text, span.end);
    const width = end.line === start.line ? Math.max(1, end.column - start.column) : Math.max(1, lineText.length - start.column + 1);
    lines.push(`  ${lineText}`);
    lines.push(`  ${' '.repeat(start.column - 1)}${'^'.repeat(width)}`);
  }
  for (const note of diagnostic.notes ?? []) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

/** Renders several diagnostics separated by blank lines. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], text: string, fileName = 'model'): string {
  return diagnostics.map((d) => formatDiagnostic(d, text, fileName)).join('\n\n');
}
