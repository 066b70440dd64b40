/**
 * The entry point of the script reader: Brian2 script text → model IR. Two stages, each usable
 * alone: `parseScript` (syntax, spans) and `evaluateScript` (meaning: constants, objects, runs).
 * A model is text — the user's Brian2 script, which still runs unchanged under Brian2 — so this
 * is how every model enters SpikeForge. The reader reports every problem it finds with a span
 * into the script, never throws, and yields an IR only when the script has no errors; the
 * network checks (`checkModel`) run on that IR afterwards.
 */
import { hasErrors, type Diagnostic } from '../diagnostics';
import type { ModelIR } from '../model';
import { buildModel, type ScriptSymbols } from './buildModel';
import { evaluateCall } from './evaluateCalls';
import { evaluateStatements } from './evaluateStatements';
import { parseScript } from './parseScript';
import type { ScriptAst } from './scriptAst';
import { createContext } from './scriptContext';

/** Options of `readScript` and `evaluateScript`. */
export interface ReadScriptOptions {
  /** Name of the network in the IR (default `network`). */
  readonly networkName?: string;
}

/** What reading a script gives: the IR when there are no errors, all diagnostics, and the symbols. */
export interface ReadScriptResult {
  readonly ir?: ModelIR;
  readonly diagnostics: readonly Diagnostic[];
  readonly symbols: ScriptSymbols;
}

/**
 * Evaluates a parsed script into the model IR. `text` is the script the AST came from (spans
 * point into it). The IR is present only when evaluation found no errors.
 */
export function evaluateScript(ast: ScriptAst, text: string, options: ReadScriptOptions = {}): ReadScriptResult {
  const ctx = createContext(text, evaluateCall);
  evaluateStatements(ctx, ast.statements);
  const { ir, symbols } = buildModel(ctx, options.networkName ?? 'network');
  const diagnostics = ctx.diagnostics;
  return hasErrors(diagnostics) ? { diagnostics, symbols } : { ir, diagnostics, symbols };
}

/** Reads a Brian2 script into the model IR: parse, then evaluate; diagnostics of both stages in text order. */
export function readScript(text: string, options: ReadScriptOptions = {}): ReadScriptResult {
  const parsed = parseScript(text);
  const evaluated = evaluateScript(parsed.ast, text, options);
  const diagnostics = [...parsed.diagnostics, ...evaluated.diagnostics].sort((a, b) => (a.span?.start ?? Infinity) - (b.span?.start ?? Infinity));
  if (hasErrors(diagnostics)) return { diagnostics, symbols: evaluated.symbols };
  return { ...evaluated, diagnostics };
}
