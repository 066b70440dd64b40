import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../../src-shared/diagnostics';
import { MARKER_SEVERITY, toMarkers } from './toMarkers';

const text = 'tau = 10*ms\neqs = """\ndv/dt = -v/tau : volt\n"""\n';

function diagnostic(partial: Partial<Diagnostic>): Diagnostic {
  return { code: 'SF1002', severity: 'error', message: 'Dimension mismatch', ...partial };
}

describe('toMarkers', () => {
  it('turns a span into 1-based line and column ranges', () => {
    const start = text.indexOf('volt');
    const [marker] = toMarkers([diagnostic({ span: { start, end: start + 4 } })], text);
    expect(marker).toMatchObject({ startLineNumber: 3, startColumn: 18, endLineNumber: 3, endColumn: 22, code: 'SF1002', source: 'SpikeForge' });
  });

  it('maps severities to Monaco marker severities', () => {
    const markers = toMarkers(
      (['error', 'warning', 'info'] as const).map((severity) => diagnostic({ severity, span: { start: 0, end: 3 } })),
      text,
    );
    expect(markers.map((m) => m.severity)).toEqual([MARKER_SEVERITY.error, MARKER_SEVERITY.warning, MARKER_SEVERITY.info]);
    expect(MARKER_SEVERITY).toEqual({ error: 8, warning: 4, info: 2 });
  });

  it('skips diagnostics without a span or with a span into another text', () => {
    const markers = toMarkers([diagnostic({}), diagnostic({ span: { start: 0, end: 3, source: 'equations:neurons' } }), diagnostic({ span: { start: 0, end: 3, source: 'model' } })], text);
    expect(markers).toHaveLength(1);
  });

  it('widens an empty span to one character and clamps spans past the end', () => {
    const [empty, past] = toMarkers([diagnostic({ span: { start: 0, end: 0 } }), diagnostic({ span: { start: text.length + 5, end: text.length + 9 } })], text);
    expect(empty).toMatchObject({ startColumn: 1, endColumn: 2 });
    expect(past).toMatchObject({ startLineNumber: 5, startColumn: 1, endLineNumber: 5, endColumn: 1 });
  });

  it('spans several lines and appends notes to the message', () => {
    const [marker] = toMarkers([diagnostic({ span: { start: 0, end: text.indexOf('dv') + 2 }, notes: ['write 1 for a dimensionless variable'] })], text);
    expect(marker).toMatchObject({ startLineNumber: 1, endLineNumber: 3, endColumn: 3 });
    expect(marker?.message).toBe('Dimension mismatch\nwrite 1 for a dimensionless variable');
  });
});
