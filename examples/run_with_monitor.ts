/**
 * The seed's run_with_monitor: a group of leaky membranes in physical units, a StateMonitor on
 * three of them, 100 ms of simulated time, and the voltage traces written to monitor_results.png
 * (time in ms, membrane potential in mV, one labelled line per recorded neuron).
 *
 *   npm run example -- run_with_monitor [output.png]
 */
import { resolve } from 'node:path';
import { Network, NeuronGroup, StateMonitor, createSimHost, formatDiagnostics } from '../src-main/cli/api';
import { renderFigureToPng } from '../src-main/services/plotImage';
import { chooseAxisUnit, toTraceFigure } from '../src-shared/plots';

const MODEL = `
dv/dt = (E_L - v + R*I_ext) / tau : volt   # leaky membrane driven by a constant current
`;

async function main(): Promise<void> {
  const output = resolve(process.argv[2] ?? 'monitor_results.png');
  const simHost = createSimHost();
  try {
    const neurons = new NeuronGroup(100, MODEL, {
      name: 'neurons',
      method: 'euler',
      dt: '0.1*ms',
      namespace: { E_L: '-70*mV', R: '100*Mohm', I_ext: '0.25*nA', tau: '10*ms' },
    });
    // Start the membranes spread between -80 mV and -40 mV, so the recorded traces are told apart.
    await neurons.set('v', Array.from({ length: 100 }, (_, i) => -0.08 + (0.04 * i) / 99));
    const monitor = new StateMonitor(neurons, 'v', { record: [0, 50, 99], name: 'monitor' });
    const net = new Network('with_monitor', [neurons, monitor], { client: simHost });
    const built = await net.build();
    if (!built.ok) {
      console.error(formatDiagnostics(built.diagnostics, net.modelText, 'equations'));
      process.exitCode = 1;
      return;
    }
    const run = await net.run(0.1);
    const data = await monitor.fetch();
    const rows = data.values.v ?? [];
    console.log(`${built.value.tier} tier: ${run.steps} steps in ${run.elapsedMs.toFixed(1)} ms; monitor.t (${data.t.length},), monitor.v (${rows.length}, ${rows[0]?.length ?? 0})`);

    const unit = built.value.monitors.find((m) => m.name === 'monitor')?.units.v ?? 'volt';
    const figure = toTraceFigure({
      t: data.t,
      values: rows,
      indices: data.indices,
      variable: 'v',
      unit,
      axisUnit: chooseAxisUnit(unit, rows),
      title: 'Membrane potential of neurons 0, 50 and 99 (forward Euler, dt = 0.1 ms)',
      traceType: 'scatter',
      theme: 'light',
    });
    await renderFigureToPng(figure, output);
    console.log(`wrote ${output}`);
  } finally {
    await simHost.dispose();
  }
}

void main();
