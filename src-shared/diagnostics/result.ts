/**
 * Errors are values. A stage returns `Result<T>`: either a value (possibly with warnings) or
 * the diagnostics that prevented one. Only impossible states throw.
 */
import type { Diagnostic } from './diagnostic';

/** A stage's outcome: a value plus any warnings, or the errors that stopped it. */
export type Result<T> =
  | { readonly ok: true; readonly value: T; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** A successful result, optionally with warnings. */
export function ok<T>(value: T, diagnostics: readonly Diagnostic[] = []): Result<T> {
  return { ok: true, value, diagnostics };
}

/** A failed result. */
export function fail<T>(diagnostics: readonly Diagnostic[]): Result<T> {
  return { ok: false, diagnostics };
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Builds a result from a value and collected diagnostics: failed if any of them is an error. */
export function toResult<T>(value: T, diagnostics: readonly Diagnostic[]): Result<T> {
  return hasErrors(diagnostics) ? fail(diagnostics) : ok(value, diagnostics);
}
