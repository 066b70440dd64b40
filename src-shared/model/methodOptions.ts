/**
 * Brian2's `method_options`: only the `exact` (`linear`) state updater takes one, `simplify`
 * (whether sympy simplifies the matrix exponential; SpikeForge's closed form does not go through
 * sympy, so both values give the same update up to rounding). Every other method refuses any
 * option, as Brian2's `extract_method_options` does, naming the key. Brian2 never passes the
 * options when it chooses the method itself (no `method=` or a list), so they are ignored then;
 * SpikeForge says so instead of staying silent.
 */
import { makeDiagnostic, type Diagnostic, type SourceSpan } from '../diagnostics';
import type { MethodOptionsIR } from './modelIR';

/** The options each method accepts, with the type of their value. */
const OPTIONS_OF_METHOD: Readonly<Record<string, Readonly<Record<string, 'boolean'>>>> = {
  exact: { simplify: 'boolean' },
  linear: { simplify: 'boolean' },
};

/** Checks `options` against the method field of a group (`''`/`'auto'` or a list: chosen automatically). */
export function checkMethodOptions(owner: string, method: string, options: MethodOptionsIR | undefined, span: SourceSpan | undefined, diagnostics: Diagnostic[]): void {
  if (options === undefined || options.entries.length === 0) return;
  const name = method.trim().toLowerCase();
  if (name === '' || name === 'auto' || /[,|]/.test(name)) {
    diagnostics.push(makeDiagnostic('SF5005', { owner }, options.span ?? span));
    return;
  }
  const accepted = OPTIONS_OF_METHOD[name] ?? {};
  const names = Object.keys(accepted).sort();
  for (const entry of options.entries) {
    const type = accepted[entry.name];
    if (type === undefined) {
      const available = names.length === 0 ? 'method "' + name + '" does not accept any options' : `the options of method "${name}" are: ${names.map((n) => `'${n}'`).join(', ')}`;
      diagnostics.push(makeDiagnostic('SF5006', { key: entry.name, available }, entry.span ?? options.span ?? span));
    } else if (typeof entry.value !== type) {
      diagnostics.push(makeDiagnostic('SF5007', { key: entry.name, expected: 'True or False', found: String(entry.value) }, entry.span ?? options.span ?? span));
    }
  }
}
