/**
 * The seed's namespace demo: two networks with identical equations, "simulation_A" and
 * "simulation_B", run side by side in one sim-host process. Each lives in its own C++ namespace
 * and library with its own prefixed entry points, so nothing clashes; the conflict check proves it.
 *
 *   npm run example -- namespace_conflicts
 */
import { Network, NeuronGroup, StateMonitor, createSimHost } from '../src-main/cli/api';

async function main(): Promise<void> {
  const simHost = createSimHost();
  try {
    const networks = ['simulation_A', 'simulation_B'].map((name) => {
      const group = new NeuronGroup(100, 'dv/dt = -v/tau : 1', { name: 'neurons', method: 'euler', dt: '0.1*ms', namespace: { tau: '10*ms' } });
      void group.set('v', 1);
      const monitor = new StateMonitor(group, 'v', { record: [0], name: 'monitor' });
      return { name, group, monitor, net: new Network(name, [group, monitor], { client: simHost }) };
    });
    for (const { net } of networks) await net.buildOrThrow();
    for (const { net, name, monitor } of networks) {
      await net.run(0.1);
      const data = await monitor.fetch();
      const trace = data.values.v?.[0];
      console.log(`${name}: namespace ${net.buildInfo.namespace}, library ${net.buildInfo.libraryPath ?? '(JS tier)'}`);
      console.log(`  v[0] after 0.1 s = ${trace?.[trace.length - 1]?.toExponential(6)} (${data.t.length} samples)`);
    }
    const inspector = networks[0]?.net.inspector;
    if (inspector === undefined) return;
    const scan = await inspector.scanGlobalNamespace();
    console.log('\nloaded namespaces:');
    for (const ns of scan.namespaces) console.log(`  ${ns.namespace}  ${ns.symbols.join(', ')}`);
    const all = await inspector.checkConflicts();
    console.log(`\nconflict check over ${all.checked} exported symbols: ${all.conflicts.length === 0 ? 'no conflicts' : all.conflicts.map((c) => `${c.kind} ${c.name}`).join('; ')}`);
    const named = await inspector.checkConflicts(['step', 'update', 'run']);
    console.log(`names an unprefixed generator would have exported (step, update, run):`);
    for (const c of named.conflicts) console.log(`  ${c.name}: ${c.kind} (${c.where.join(', ')})`);
  } finally {
    await simHost.dispose();
  }
}

void main();
