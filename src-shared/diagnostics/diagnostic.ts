/**
 * The diagnostic value every stage reports. Codes come from the one catalogue
 * (`catalogue.ts`); the message is already rendered from the catalogue template.
 */
import type { SourceSpan } from './sourceSpan';

/** How bad it is: errors stop a stage's output, warnings and infos do not. */
export type Severity = 'error' | 'warning' | 'info';

/** One problem found in the user's model, with where it is. */
export interface Diagnostic {
  /** `SF` + 4 digits (see `catalogue.ts`). */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Where in the user's text; absent only for problems that have no place (e.g. no compiler). */
  readonly span?: SourceSpan;
  /** Extra lines: hints, related places. */
  readonly notes?: readonly string[];
}
