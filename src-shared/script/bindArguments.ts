/**
 * Matches a call's positional and keyword arguments to a Python signature, the way Python does,
 * so `NeuronGroup(100, eqs, 'euler')` and `NeuronGroup(N=100, model=eqs, method='euler')` mean
 * the same. Problems (too many positional arguments, unknown or repeated keywords, missing
 * required ones) are reported at the argument's span, naming the callee as Brian2 would.
 */
import { makeDiagnostic, type SourceSpan } from '../diagnostics';
import type { Expr } from '../expressions';
import type { ScriptContext } from './scriptContext';

/** One bound argument: its value expression and the span to point at (the `name=value` for keywords). */
export interface BoundArgument {
  readonly expr: Expr;
  readonly span: SourceSpan;
}

/** A Python signature: parameter names in order, and how many of the first are required. */
export interface Signature {
  readonly callee: string;
  readonly params: readonly string[];
  readonly required: number;
  /** Whether extra positional arguments are collected (`*args`), as in `Network(*objs)`. */
  readonly varargs?: boolean;
}

/** The arguments of one call bound to parameter names; `rest` holds `*args` extras. */
export interface BoundArguments {
  readonly named: ReadonlyMap<string, BoundArgument>;
  readonly rest: readonly Expr[];
  /** False when a required argument is missing (already reported). */
  readonly complete: boolean;
}

/** Binds the arguments of `call` to `signature`, reporting mismatches. */
export function bindArguments(ctx: ScriptContext, call: Extract<Expr, { kind: 'call' }>, signature: Signature): BoundArguments {
  const named = new Map<string, BoundArgument>();
  const rest: Expr[] = [];
  call.args.forEach((arg, k) => {
    const param = signature.varargs === true ? undefined : signature.params[k];
    if (signature.varargs === true) rest.push(arg);
    else if (param === undefined) {
      ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: signature.callee, detail: `it takes at most ${signature.params.length} positional argument(s)` }, arg.span));
    } else named.set(param, { expr: arg, span: arg.span });
  });
  for (const keyword of call.keywords) {
    if (!signature.params.includes(keyword.name)) {
      ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: signature.callee, detail: `unexpected keyword argument "${keyword.name}"` }, keyword.span, [
        `its arguments are: ${signature.params.join(', ')}`,
      ]));
    } else if (named.has(keyword.name)) {
      ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: signature.callee, detail: `"${keyword.name}" is given twice` }, keyword.span));
    } else named.set(keyword.name, { expr: keyword.value, span: keyword.span });
  }
  let complete = true;
  const firstParams = signature.varargs === true ? [] : signature.params.slice(0, signature.required);
  for (const param of firstParams) {
    if (!named.has(param)) {
      complete = false;
      ctx.diagnostics.push(makeDiagnostic('SF4011', { callee: signature.callee, detail: `the argument "${param}" is missing` }, call.span));
    }
  }
  return { named, rest, complete };
}
