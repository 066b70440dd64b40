/**
 * The build pipeline inside the sim host: check the model, generate the code-object context,
 * render C++ and JS, then make kernels — the JS module at once, the native library from the
 * compile cache (compiling on a miss). Every stage is timed; every problem is a diagnostic.
 */
import { buildNetworkCode, type NetworkCodeContext } from '../../../src-shared/codegen';
import { makeDiagnostic, type Diagnostic, type Result } from '../../../src-shared/diagnostics';
import type { MonitorInfo } from '../../../src-shared/ipc';
import { checkModel, type CheckedModel, type ModelIR } from '../../../src-shared/model';
import { renderNetwork, type RenderedNetwork, type TemplateEnvironment } from '../render/renderNetwork';

/** The front half of a build: everything up to rendered sources. */
export interface GeneratedNetwork {
  readonly model: CheckedModel;
  readonly context: NetworkCodeContext;
  readonly rendered: RenderedNetwork;
  readonly monitors: readonly MonitorInfo[];
  readonly parseMs: number;
  readonly codegenMs: number;
  readonly warnings: readonly Diagnostic[];
}

/** Checks and generates a network's sources. */
export function generateNetwork(ir: ModelIR, env: TemplateEnvironment): Result<GeneratedNetwork> {
  const t0 = performance.now();
  const checked = checkModel(ir);
  const t1 = performance.now();
  if (!checked.ok) return checked;
  const code = buildNetworkCode(checked.value);
  const t2 = performance.now();
  if (!code.ok) return code;
  let rendered: RenderedNetwork;
  try {
    rendered = renderNetwork(env, code.value);
  } catch (error) {
    return { ok: false, diagnostics: [makeDiagnostic('SF6001', { what: `network "${ir.name}"`, reason: `template rendering failed: ${String(error)}` })] };
  }
  const monitors: MonitorInfo[] = [
    ...code.value.monitors.map((m) => ({
      name: m.name,
      kind: m.rate === undefined ? ('StateMonitor' as const) : ('PopulationRateMonitor' as const),
      source: m.source,
      variables: m.variables.map((v) => v.name),
      units: Object.fromEntries(m.variables.map((v) => [v.name, code.value.arrays.find((a) => a.name === v.valuesArray)?.unit ?? '1'])),
      indices: m.indices,
    })),
    // An EventMonitor is a SpikeMonitor of another event (Brian2: SpikeMonitor = EventMonitor(G, 'spike')).
    ...code.value.spikeMonitors.map((m) => ({
      name: m.name,
      kind: 'SpikeMonitor' as const,
      source: m.source,
      ...(m.event === 'spike' ? {} : { event: m.event }),
      variables: m.variables.map((v) => v.name),
      units: Object.fromEntries(m.variables.map((v) => [v.name, code.value.arrays.find((a) => a.name === v.valuesArray)?.unit ?? '1'])),
      indices: Array.from({ length: m.stop - m.start }, (_, k) => k),
    })),
  ];
  return {
    ok: true,
    value: { model: checked.value, context: code.value, rendered, monitors, parseMs: t1 - t0, codegenMs: t2 - t1, warnings: [...checked.diagnostics, ...code.diagnostics] },
    diagnostics: [...checked.diagnostics, ...code.diagnostics],
  };
}

/** Entry-point names (without the `sf_<h>_` prefix) that a network exports. */
export function entryPointNames(context: NetworkCodeContext): string[] {
  return ['run', 'init', ...context.groups.map((g) => `${g.name}_stateupdate`), ...context.monitors.map((m) => `${m.name}_record`)];
}

/** The C prototype of an entry point, as koffi parses it. */
export function entryPointSignature(prefix: string, entry: string, context: NetworkCodeContext): string {
  const params = context.arrays.map((a) => `${a.dtype === 'float64' ? 'double' : a.dtype === 'int32' ? 'int' : 'uint8_t'} *${a.name}, `);
  return `int ${prefix}_${entry}(int64_t _t0, int _steps, ${params.join('')}int *_status)`;
}
