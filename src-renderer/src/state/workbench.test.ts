import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Diagnostic } from '../../../src-shared/diagnostics';
import { ipcFail, ipcOk, type BuildInfo, type CrashReport, type MonitorBatch, type RunProgress, type SpikeForgeApi } from '../../../src-shared/ipc';
import { createWorkbench } from './workbench';

const quickStart = { name: 'quickstart', title: 'Quick Start', fileName: 'quickstart.py', text: 'run(100*ms)\n' };
const unitError: Diagnostic = { code: 'SF1002', severity: 'error', message: 'Dimension mismatch', span: { start: 4, end: 7 } };
const buildInfo: BuildInfo = {
  networkId: 'editor',
  networkName: 'network',
  namespace: 'sf_network_0011',
  tier: 'js',
  cacheHit: false,
  timings: { parseMs: 0, codegenMs: 0, renderMs: 0, compileMs: 0, loadMs: 0 },
  cppSource: 'namespace sf_network_0011 {}',
  jsSource: '',
  monitors: [{ name: 'monitor', kind: 'StateMonitor', source: 'neurons', variables: ['v'], units: { v: '1' }, indices: [0] }],
  duration: 0.1,
  dt: 1e-4,
  warnings: [],
};

/** A fake contract: answers are fixed per test; events are pushed by hand. */
function createFakeApi(overrides: Partial<SpikeForgeApi> = {}) {
  const record = new Set<(b: MonitorBatch) => void>();
  const progress = new Set<(p: RunProgress) => void>();
  const crash = new Set<(r: CrashReport) => void>();
  const checked: string[] = [];
  const notUsed = async () => ipcFail<never>([]);
  const api: SpikeForgeApi = {
    getStartup: async () => ipcOk({ version: '0', quickStart, examples: [], toolchain: { available: true, message: 'g++ found' } }),
    openExample: notUsed,
    checkModel: async ({ text }) => (checked.push(text), ipcOk({ diagnostics: text.includes('volt') ? [unitError] : [] })),
    buildNetwork: async () => ipcOk(buildInfo),
    startRun: async () => ipcOk({ runId: 'run1' }),
    stopRun: async () => ipcOk({ stopping: true, runId: 'run1' }),
    storeState: notUsed,
    restoreState: notUsed,
    getGeneratedCode: notUsed,
    inspectObject: notUsed,
    inspectArray: notUsed,
    takeSnapshot: notUsed,
    compareSnapshots: notUsed,
    scanNamespaces: notUsed,
    checkConflicts: notUsed,
    onDidRecord: (l) => (record.add(l), () => void record.delete(l)),
    onDidProgress: (l) => (progress.add(l), () => void progress.delete(l)),
    onDidSimHostCrash: (l) => (crash.add(l), () => void crash.delete(l)),
    ...overrides,
  };
  return {
    api,
    checked,
    pushProgress: (p: Partial<RunProgress>) => progress.forEach((l) => l({ runId: 'run1', state: 'running', t: 0, duration: 0.1, step: 0, stepsPerSecond: 0, etaSeconds: 0, tier: 'js', ...p })),
    pushBatch: (b: MonitorBatch) => record.forEach((l) => l(b)),
    pushCrash: (r: CrashReport) => crash.forEach((l) => l(r)),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createWorkbench', () => {
  it('opens the Quick Start model on start and checks it', async () => {
    const fake = createFakeApi();
    const workbench = createWorkbench(fake.api);
    await workbench.start();
    expect(workbench.startup.get()).toMatchObject({ status: 'ready' });
    expect(workbench.model.get()).toMatchObject({ text: quickStart.text, fileName: 'quickstart.py', revision: 1 });
    expect(fake.checked).toEqual([quickStart.text]);
  });

  it('reports a failed start-up', async () => {
    const fake = createFakeApi({ getStartup: async () => ipcFail([{ code: 'SF8005', severity: 'error', message: 'no backend' }]) });
    const workbench = createWorkbench(fake.api);
    await workbench.start();
    expect(workbench.startup.get()).toEqual({ status: 'failed', message: 'no backend' });
  });

  it('checks edited text after a pause, once', async () => {
    vi.useFakeTimers();
    const fake = createFakeApi();
    const workbench = createWorkbench(fake.api, { checkDelayMs: 150 });
    await workbench.start();
    workbench.editText('x = 1*volt');
    workbench.editText('x = 2*volt');
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.checked).toEqual([quickStart.text, 'x = 2*volt']);
    expect(workbench.model.get().diagnostics).toEqual([unitError]);
  });

  it('runs: check, build, start, stream, done', async () => {
    const fake = createFakeApi();
    const workbench = createWorkbench(fake.api);
    await workbench.start();
    await workbench.runModel();
    expect(workbench.run.get()).toMatchObject({ phase: 'running', runId: 'run1', networkId: 'editor' });
    expect(workbench.build.get().info?.namespace).toBe('sf_network_0011');
    fake.pushBatch({ runId: 'run1', monitor: 'monitor', indices: [0], t: new Float64Array([0]), values: { v: [new Float64Array([1])] }, totalSamples: 1 });
    expect(workbench.recordings.recording('monitor')?.count).toBe(1);
    fake.pushProgress({ state: 'done', t: 0.1, stepsPerSecond: 5e5 });
    expect(workbench.run.get()).toMatchObject({ phase: 'done', t: 0.1, stepsPerSecond: 5e5 });
  });

  it('streams the spikes of a SpikeMonitor into the spike buffers', async () => {
    const spikeMonitor = { name: 'spikes', kind: 'SpikeMonitor', source: 'G', variables: [], units: {}, indices: [0, 1, 2] } as const;
    const fake = createFakeApi({ buildNetwork: async () => ipcOk({ ...buildInfo, monitors: [...buildInfo.monitors, spikeMonitor] }) });
    const workbench = createWorkbench(fake.api);
    await workbench.start();
    await workbench.runModel();
    fake.pushBatch({ runId: 'run1', monitor: 'spikes', indices: [], t: new Float64Array([1e-4, 2e-4]), values: {}, spikeIndices: new Int32Array([2, 0]), totalSamples: 2 });
    expect(workbench.recordings.spikes('spikes')).toMatchObject({ count: 2, total: 2, neurons: 3 });
    expect(Array.from(workbench.recordings.spikes('spikes')?.i ?? [])).toEqual([2, 0]);
    expect(workbench.recordings.recording('monitor')?.count).toBe(0);
  });

  it('stops at the check with the diagnostics in the problems list', async () => {
    const build = vi.fn(async () => ipcOk(buildInfo));
    const fake = createFakeApi({ buildNetwork: build });
    const workbench = createWorkbench(fake.api);
    await workbench.start();
    workbench.editText('eqs : volt');
    await workbench.runModel();
    expect(workbench.run.get()).toMatchObject({ phase: 'error', message: 'Dimension mismatch' });
    expect(workbench.model.get().diagnostics).toEqual([unitError]);
    expect(build).not.toHaveBeenCalled();
  });

  it('shows build diagnostics when the build fails', async () => {
    const compileError: Diagnostic = { code: 'SF7001', severity: 'error', message: 'The C++ compiler failed' };
    const fake = createFakeApi({ buildNetwork: async () => ipcFail([compileError]) });
    const workbench = createWorkbench(fake.api);
    await workbench.start();
    await workbench.runModel();
    expect(workbench.run.get()).toMatchObject({ phase: 'error', message: 'The C++ compiler failed' });
    expect(workbench.model.get().diagnostics).toEqual([compileError]);
  });

  it('applies progress that arrived before startRun answered', async () => {
    const early: { push?: () => void } = {};
    const fake = createFakeApi({
      startRun: async () => {
        early.push?.();
        return ipcOk({ runId: 'run1' });
      },
    });
    early.push = () => fake.pushProgress({ state: 'done', t: 0.1 });
    const workbench = createWorkbench(fake.api);
    await workbench.start();
    await workbench.runModel();
    expect(workbench.run.get().phase).toBe('done');
  });

  it('records a sim-host crash', async () => {
    const fake = createFakeApi();
    const workbench = createWorkbench(fake.api);
    await workbench.start();
    await workbench.runModel();
    fake.pushCrash({ signal: 'SIGSEGV', message: 'segfault in generated code' });
    expect(workbench.run.get().phase).toBe('crashed');
    expect(workbench.crash.get()?.signal).toBe('SIGSEGV');
  });

  it('ignores Run while a run is in progress', async () => {
    const build = vi.fn(async () => ipcOk(buildInfo));
    const fake = createFakeApi({ buildNetwork: build });
    const workbench = createWorkbench(fake.api);
    await workbench.start();
    await Promise.all([workbench.runModel(), workbench.runModel()]);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('stops the current run once, and keeps what was recorded', async () => {
    const stop = vi.fn(async () => ipcOk({ stopping: true, runId: 'run1' }));
    const fake = createFakeApi({ stopRun: stop });
    const workbench = createWorkbench(fake.api);
    await workbench.start();
    await workbench.runModel();
    fake.pushBatch({ runId: 'run1', monitor: 'monitor', indices: [0], t: new Float64Array([0, 1e-4]), values: { v: [new Float64Array([1, 2])] }, totalSamples: 2 });
    await Promise.all([workbench.stopRun(), workbench.stopRun()]);
    expect(stop).toHaveBeenCalledTimes(1);
    expect(stop).toHaveBeenCalledWith({ networkId: 'editor', runId: 'run1' });
    fake.pushProgress({ state: 'stopped', t: 2e-4, step: 2 });
    expect(workbench.run.get()).toMatchObject({ phase: 'done', message: 'stopped', t: 2e-4 });
    expect(workbench.recordings.recording('monitor')?.count).toBe(2);
  });

  it('stores, continues (appending to the recordings) and restores (cutting them back)', async () => {
    let runs = 0;
    const storeState = vi.fn(async ({ networkId, name }: { networkId: string; name?: string }) => ipcOk({ networkId, name: name ?? 'default', step: 2, t: 2e-4, storedNames: [name ?? 'default'] }));
    const restoreState = vi.fn(async ({ networkId, name }: { networkId: string; name?: string }) => ipcOk({ networkId, name: name ?? 'default', step: 2, t: 2e-4, storedNames: ['warm'] }));
    const startRun = vi.fn(async () => ipcOk({ runId: `run${++runs}` }));
    const fake = createFakeApi({ storeState, restoreState, startRun });
    const workbench = createWorkbench(fake.api);
    await workbench.start();
    await workbench.runModel();
    fake.pushBatch({ runId: 'run1', monitor: 'monitor', indices: [0], t: new Float64Array([0, 1e-4]), values: { v: [new Float64Array([1, 2])] }, totalSamples: 2 });
    // Not while running.
    await workbench.storeState('warm');
    expect(storeState).not.toHaveBeenCalled();
    fake.pushProgress({ state: 'stopped', t: 2e-4, step: 2 });
    await workbench.storeState('warm');
    expect(storeState).toHaveBeenCalledWith({ networkId: 'editor', name: 'warm' });
    expect(workbench.states.get()).toMatchObject({ names: ['warm'], busy: false, last: { action: 'stored', name: 'warm', t: 2e-4, step: 2 } });

    await workbench.continueRun(0.05);
    expect(startRun).toHaveBeenLastCalledWith({ networkId: 'editor', duration: 0.05 });
    expect(workbench.run.get()).toMatchObject({ phase: 'running', runId: 'run2' });
    fake.pushBatch({ runId: 'run2', monitor: 'monitor', indices: [0], t: new Float64Array([2e-4, 3e-4]), values: { v: [new Float64Array([3, 4])] }, totalSamples: 4 });
    expect(workbench.recordings.recording('monitor')?.count).toBe(4);
    fake.pushProgress({ runId: 'run2', state: 'done', t: 4e-4, step: 4, duration: 4e-4 });
    expect(workbench.run.get()).toMatchObject({ phase: 'done', t: 4e-4 });

    const generation = workbench.recordings.getGeneration();
    await workbench.restoreState('warm');
    expect(workbench.run.get()).toMatchObject({ phase: 'done', t: 2e-4, step: 2 });
    expect(workbench.states.get().last).toMatchObject({ action: 'restored', name: 'warm', t: 2e-4 });
    const recording = workbench.recordings.recording('monitor');
    expect(Array.from(recording?.t ?? [])).toEqual([0, 1e-4]);
    expect(Array.from(recording?.values.v?.[0] ?? [])).toEqual([1, 2]);
    expect(workbench.recordings.getGeneration()).toBe(generation + 1);
  });

  it('shows why a restore failed and forgets stored names on a new build', async () => {
    const fake = createFakeApi({
      storeState: async ({ networkId }) => ipcOk({ networkId, name: 'default', step: 0, t: 0, storedNames: ['default'] }),
      restoreState: async () => ipcFail([{ code: 'SF8004', severity: 'error', message: 'Unknown snapshot "nope".' }]),
    });
    const workbench = createWorkbench(fake.api);
    await workbench.start();
    await workbench.runModel();
    fake.pushProgress({ state: 'done', t: 0.1, step: 1000 });
    await workbench.storeState('default');
    await workbench.restoreState('nope');
    expect(workbench.states.get()).toMatchObject({ names: ['default'], busy: false, error: 'Unknown snapshot "nope".' });
    expect(workbench.run.get().t).toBe(0.1);
    await workbench.runModel();
    expect(workbench.states.get()).toEqual({ names: [], busy: false });
  });
});
