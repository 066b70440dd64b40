/**
 * Turns a set of API objects into the model IR of one network.
 */
import { makeDiagnostic, toResult, type Diagnostic, type Result } from '../diagnostics';
import type { ModelIR } from '../model';
import { NeuronGroup, SpikeMonitor, StateMonitor, toSeconds } from './objects';

/** Objects a network can hold. */
export type NetworkObject = NeuronGroup | StateMonitor | SpikeMonitor;

/**
 * The model text of an API network: its groups' equations, one after another, separated by a
 * newline. Diagnostic spans of a network built with {@link toModelIR} point into this text.
 */
export function networkModelText(objects: readonly NetworkObject[]): string {
  return objects
    .filter((o): o is NeuronGroup => o instanceof NeuronGroup)
    .map((g) => [g.model, ...g.codeTexts()].join('\n'))
    .join('\n');
}

/** Builds the IR; dt comes from the first group that sets one (default 0.1 ms, as in Brian2). */
export function toModelIR(name: string, objects: readonly NetworkObject[], duration = 0): Result<ModelIR> {
  const diagnostics: Diagnostic[] = [];
  const groups = objects.filter((o): o is NeuronGroup => o instanceof NeuronGroup);
  const monitors = objects.filter((o): o is StateMonitor => o instanceof StateMonitor);
  const names = new Set<string>();
  for (const object of objects) {
    if (names.has(object.name)) diagnostics.push(makeDiagnostic('SF4005', { name: object.name, reason: 'two objects of the network have this name; pass a distinct `name`' }));
    names.add(object.name);
  }
  for (const monitor of monitors) {
    if (!groups.includes(monitor.source)) diagnostics.push(makeDiagnostic('SF4011', { callee: `StateMonitor ${monitor.name}`, detail: `its group "${monitor.source.name}" is not in network "${name}"` }));
  }
  const dtSource = groups.find((g) => g.dt !== undefined)?.dt;
  const dt = toSeconds(dtSource, diagnostics);
  let offset = 0;
  const ir: ModelIR = {
    name,
    dt,
    groups: groups.map((g) => {
      // Where this group's equations start in `networkModelText` (joined with one newline).
      const group = g.toIR(diagnostics, offset);
      offset += [g.model, ...g.codeTexts()].join('\n').length + 1;
      return group;
    }),
    monitors: monitors.map((m) => m.toIR()),
    spikeMonitors: objects.filter((o): o is SpikeMonitor => o instanceof SpikeMonitor).map((m) => m.toIR()),
    duration,
  };
  return toResult(ir, diagnostics);
}
