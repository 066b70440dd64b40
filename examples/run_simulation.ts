/**
 * The seed's Quick Start in SpikeForge's TypeScript API: 100 leaky integrators, forward Euler,
 * 1000 × (update, record), then the monitor's data, the generated C++ and the inspector.
 * Prints the first-call JIT cost (render + compile + load) and the per-step cost.
 *
 *   npm run example -- run_simulation
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Network, NeuronGroup, StateMonitor, createSimHost, formatDiagnostics } from '../src-main/cli/api';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  // A fresh cache folder, so the first build really compiles (a cache hit costs ~1 ms).
  const cacheDir = mkdtempSync(join(tmpdir(), 'spikeforge-example-'));
  const simHost = createSimHost({ cacheDir });
  try {
    const neurons = new NeuronGroup(100, 'dv/dt = (-v + I) / tau : 1', { name: 'neurons', method: 'euler', dt: '0.1*ms', namespace: { tau: '10*ms', I: 1 } });
    const monitor = new StateMonitor(neurons, 'v', { record: [0, 50, 99], name: 'monitor' });
    const net = new Network('quickstart', [neurons, monitor], { client: simHost, tier: 'native' });

    // Once per session: start the sim host process and probe the compiler.
    const hostStarted = performance.now();
    const toolchain = await simHost.request('probe', {});
    const hostMs = performance.now() - hostStarted;
    if (toolchain.ok) console.log(`sim host start + compiler probe (once per session): ${hostMs.toFixed(0)} ms — ${toolchain.value.message}`);

    const started = performance.now();
    const built = await net.build();
    const firstCallMs = performance.now() - started;
    if (!built.ok) {
      console.error(formatDiagnostics(built.diagnostics, net.modelText, 'equations'));
      process.exitCode = 1;
      return;
    }
    const info = built.value;
    console.log(`network "${info.networkName}" → namespace ${info.namespace} (${info.tier} tier)`);
    const t = info.timings;
    console.log(`first-call JIT: ${firstCallMs.toFixed(1)} ms from build() to loaded code (parse+check ${t.parseMs.toFixed(2)} ms, codegen ${t.codegenMs.toFixed(2)} ms, render ${t.renderMs.toFixed(2)} ms, compile ${t.compileMs.toFixed(1)} ms${info.cacheHit ? ' (cache hit)' : ''}, load ${t.loadMs.toFixed(2)} ms)`);

    const roundTrips: number[] = [];
    for (let k = 0; k < 1000; k++) {
      const t0 = performance.now();
      await neurons.update();
      await monitor.recordTimestep();
      roundTrips.push(performance.now() - t0);
    }
    const data = await monitor.fetch();
    const v = data.values.v ?? [];
    console.log(`monitor.t shape: (${data.t.length},)   monitor.v shape: (${v.length}, ${v[0]?.length ?? 0})  [rows = recorded neurons ${data.indices.join(', ')}]`);
    console.log(`v[neuron 0] after 1000 steps = ${v[0]?.[999]?.toFixed(12)}  (exact Euler: ${(1 - (1 - 0.1 / 10) ** 1000).toFixed(12)})`);

    // Per-step cost of the compiled code itself, measured inside the sim host over a long run.
    const run = await net.run(1.0);
    console.log(`per step (native code, 100 neurons + monitor): ${(run.nsPerStep / 1e6).toFixed(5)} ms  (${run.steps} steps in ${run.elapsedMs.toFixed(1)} ms)`);
    console.log(`per update()+record_timestep() from this process (two sim-host round trips): median ${median(roundTrips).toFixed(3)} ms`);

    const again_neurons = new NeuronGroup(100, 'dv/dt = (-v + I) / tau : 1', { name: 'neurons', method: 'euler', dt: '0.1*ms', namespace: { tau: '10*ms', I: 1 } });
    const second = new Network('quickstart', [again_neurons, new StateMonitor(again_neurons, 'v', { record: [0, 50, 99], name: 'monitor' })], { client: simHost, tier: 'native' });
    const again = performance.now();
    const rebuilt = await second.buildOrThrow();
    console.log(`same model built again: ${(performance.now() - again).toFixed(1)} ms (${rebuilt.cacheHit ? 'cache hit' : 'compiled'})`);

    console.log('\n--- generated C++ (first 25 lines) ---');
    console.log(net.generatedCode().split('\n').slice(0, 25).join('\n'));
    console.log('--- inspector ---');
    const inspector = net.inspector;
    const object = await inspector.inspectObject('neurons');
    for (const symbol of object.symbols) console.log(`symbol ${symbol.name}: ${symbol.signature}\n  in ${object.library ?? '(JS tier)'}`);
    const array = await inspector.inspectArray('neurons.v');
    console.log(`array ${array.name}: ${array.dtype}[${array.length}], ${array.bytes} bytes at ${array.address ?? '?'}; min ${array.min.toFixed(6)} max ${array.max.toFixed(6)} mean ${array.mean.toFixed(6)}`);
    const scan = await inspector.scanGlobalNamespace();
    for (const ns of scan.namespaces) console.log(`namespace ${ns.namespace} (${ns.networkName}): ${ns.symbols.length} exported symbols, ${ns.arrays.length} arrays`);
  } finally {
    await simHost.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

void main();
