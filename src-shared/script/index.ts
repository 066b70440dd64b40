/**
 * Script: read a Brian2 script — the declarative subset SpikeForge runs — into the model IR.
 *
 * Read: `from brian2 import *` / `import brian2 [as b2]` / `from brian2 import X [as Y]`;
 * constants with units (`tau = 10*ms`, `we = (60*0.27/10)*mV`, `+ - * / // % **`, pi, e,
 * `int float abs round min max len sqrt exp log range`); strings and `Equations('…')`;
 * `NeuronGroup(N, model, method=, dt=, name=)`; `G.v = value | [values]` (and raw `G.v_`);
 * `StateMonitor(G, 'v' | [...], record=True|False|i|[...]|range(...), name=)`;
 * `defaultclock.dt = …`; `run(duration)` (several runs add up); `Network(...)`, `collect()`,
 * `net.add(...)`, `net.run(...)`; `start_scope()` before any object; comments, `;`, brackets
 * and backslash continuations.
 *
 * Skipped with one info (SF4013): lines that only plot, print or analyse recordings (pylab,
 * matplotlib, `print`, reading monitors after run(), `for` loops that only plot). Ignored with
 * an info (SF4014): `prefs…`, `seed()`, `set_device()`, `device…`.
 *
 * Rejected (SF4009, at the span): threshold/reset/refractory/events/namespace arguments,
 * Synapses, SpikeMonitor, PoissonGroup and the other objects not supported yet, numpy calls,
 * string initial values, blocks other than plotting `for` loops, changing the model between
 * run() calls, dict literals, comprehensions, f-strings in the model.
 *
 * Object names: `name=` if given, else the Python variable the object is assigned to (what the
 * user sees; Brian2 would say `neurongroup`, `neurongroup_1`, …, which SpikeForge uses only for
 * objects that are not assigned to a variable). The integration method defaults to 'euler'.
 */
export { readScript, evaluateScript, type ReadScriptOptions, type ReadScriptResult } from './readScript';
export { parseScript, type ParsedScript } from './parseScript';
export type { ScriptAst, ScriptStatement, ImportedName } from './scriptAst';
export type { ScriptConstant, ScriptObject, ScriptString, ScriptSymbols } from './buildModel';
