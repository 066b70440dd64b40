/**
 * What crosses every process boundary: never an exception, always a value or diagnostics.
 */
import type { Diagnostic } from '../diagnostics';

/** A request's outcome across the renderer/main/sim-host boundary. */
export type IpcResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Wraps a value. */
export function ipcOk<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

/** Wraps diagnostics. */
export function ipcFail<T>(diagnostics: readonly Diagnostic[]): IpcResult<T> {
  return { ok: false, diagnostics };
}
