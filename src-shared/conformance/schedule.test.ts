/**
 * The schedule as generated data (`buildNetworkCode(…).schedule`, made by `buildSchedule`):
 * Brian2's slots, then `order`, then name (BRIAN2_SEMANTICS.md §15–16; C62). The same order run
 * on both tiers is tested in src-main/simhost/runtime/events.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { checkModel } from '../model';
import { readScript } from '../script';
import { buildNetworkCode, type ScheduleEntry } from '../codegen';

function scheduleOf(script: string): readonly ScheduleEntry[] {
  const read = readScript(script);
  if (read.ir === undefined) throw new Error(JSON.stringify(read.diagnostics.map((d) => d.message)));
  const checked = checkModel(read.ir);
  if (!checked.ok) throw new Error(JSON.stringify(checked.diagnostics.map((d) => d.message)));
  const code = buildNetworkCode(checked.value);
  if (!code.ok) throw new Error(JSON.stringify(code.diagnostics.map((d) => d.message)));
  return code.value.schedule;
}

const HEAD = 'from brian2 import *\n';

describe('schedule order (C62)', () => {
  it('C62: statemonitor, stateupdater, thresholder, spikemonitor, push spikes + pre pathway, resetter, ratemonitor, with their slots and orders', () => {
    const schedule = scheduleOf(`${HEAD}G = NeuronGroup(10, 'dv/dt = -v/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')
S = Synapses(G, G, on_pre='v += 0.1', delay=1*ms)
S.connect(p=0.1)
statemon = StateMonitor(G, 'v', record=0)
spikemon = SpikeMonitor(G)
ratemon = PopulationRateMonitor(G)
run(1*ms)
`);
    expect(schedule.map((e) => [e.fn, e.when, e.order])).toEqual([
      ['_record_statemon', 'start', 0],
      ['_stateupdate_G', 'groups', 0],
      ['_threshold_G', 'thresholds', 0],
      ['_record_spikemon', 'thresholds', 1],
      ['_synapses_pre_S', 'synapses', -1],
      ['_reset_G', 'resets', 0],
      ['_record_ratemon', 'end', 0],
    ]);
  });

  it('objects in one slot run by order, then name (not in the order they were created)', () => {
    const schedule = scheduleOf(`${HEAD}B = NeuronGroup(2, 'dv/dt = -v/(10*ms) : 1', threshold='v > 5', reset='v = 0', method='exact')
A = NeuronGroup(2, 'dv/dt = -v/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')
Sb = Synapses(A, B, on_pre='v_post += 1', on_post='v_pre += 0')
Sb.connect()
Sa = Synapses(A, B, on_pre='v_post += 2')
Sa.connect()
P = PoissonInput(B, 'v', 5, 10*Hz, weight=0.1)
B.run_regularly('v += 1', when='end', order=2)
mon = StateMonitor(B, 'v', record=0, when='end')
run(1*ms)
`);
    const fns = schedule.map((e) => e.fn);
    expect(fns.indexOf('_stateupdate_A')).toBeLessThan(fns.indexOf('_stateupdate_B'));
    // synapses slot: pre pathways (order −1) by name, the PoissonInput (0), post pathways (+1).
    expect(fns.filter((fn) => fn.startsWith('_synapses') || fn.startsWith('_poissoninput'))).toEqual(['_synapses_pre_Sa', '_synapses_pre_Sb', '_poissoninput_P', '_synapses_post_Sb']);
    // end slot: the monitor (order 0) before the run_regularly operation with order=2.
    expect(fns.slice(-2)).toEqual(['_record_mon', '_regular_B_0']);
  });

  it('custom events in after_thresholds with their EventMonitors (+1); run_on_event in after_resets; run_at in start', () => {
    const schedule = scheduleOf(`${HEAD}G = NeuronGroup(2, 'v : 1', threshold='v > 2', reset='v = 0', events={'up': 'v > 1', 'a': 'v > 0'})
G.run_on_event('up', 'v += 1')
G.run_at('v += 1', times=[1*ms])
E = EventMonitor(G, 'up')
F = EventMonitor(G, 'a', when='end', order=-1)
run(1*ms)
`);
    expect(schedule.map((e) => [e.fn, e.when, e.order, e.name])).toEqual([
      ['_run_at_G_0', 'start', 0, 'G_run_at'],
      ['_stateupdate_G', 'groups', 0, 'G_stateupdater'],
      ['_threshold_G', 'thresholds', 0, 'G_spike_thresholder'],
      ['_event_G_a', 'after_thresholds', 0, 'G_a_thresholder'],
      ['_event_G_up', 'after_thresholds', 0, 'G_up_thresholder'],
      ['_record_E', 'after_thresholds', 1, 'E'],
      ['_reset_G', 'resets', 0, 'G_spike_resetter'],
      ['_on_event_G_0', 'after_resets', 0, 'G_up_resetter'],
      ['_record_F', 'end', -1, 'F'],
    ]);
  });
});
