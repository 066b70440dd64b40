/**
 * The problems list under the editor: every diagnostic of the latest check, build or run, with
 * its place; clicking one jumps to it in the editor (UI.md §4).
 */
import { toLineColumn } from '../../../../src-shared/diagnostics';
import { useStore } from '../../state/createStore';
import type { Workbench } from '../../state/workbench';
import { isModelSpan } from './toMarkers';

/** Props of {@link ProblemsList}. */
export interface ProblemsListProps {
  readonly workbench: Workbench;
  /** Called with the model-text offset of a clicked problem. */
  readonly onSelect: (offset: number) => void;
}

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

/** The list of diagnostics. */
export function ProblemsList({ workbench, onSelect }: ProblemsListProps): React.JSX.Element {
  const { diagnostics, text } = useStore(workbench.model);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  return (
    <section className="problems" data-testid="problems" aria-label="Problems">
      <header className="panel-header">
        <span>Problems</span>
        <span className="problem-counts">
          {errors} error{errors === 1 ? '' : 's'}, {warnings} warning{warnings === 1 ? '' : 's'}
        </span>
      </header>
      {diagnostics.length === 0 ? (
        <p className="empty-note">No problems in the model.</p>
      ) : (
        <ul>
          {diagnostics.map((diagnostic, index) => {
            const place = isModelSpan(diagnostic) ? toLineColumn(text, diagnostic.span.start) : undefined;
            return (
              <li key={`${diagnostic.code}-${index}`} className={`problem problem-${diagnostic.severity}`}>
                <button type="button" disabled={place === undefined} onClick={() => isModelSpan(diagnostic) && onSelect(diagnostic.span.start)} title={diagnostic.notes?.join('\n')}>
                  <span className="problem-severity">{SEVERITY_LABEL[diagnostic.severity]}</span>
                  <span className="problem-code">{diagnostic.code}</span>
                  <span className="problem-message">{diagnostic.message}</span>
                  {place !== undefined && (
                    <span className="problem-place">
                      {place.line}:{place.column}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
