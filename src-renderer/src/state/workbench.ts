/**
 * The renderer's state and actions, outside React: start-up, the model text and its diagnostics,
 * the last build, the run state machine, crash reports, stored network states and the recordings.
 * Components read the stores and call the actions; only this module talks to the contract (through
 * the typed client), so the whole flow — check, build, run, stream, stop, store, continue,
 * restore — is testable with a fake API.
 *
 * The charts show the built network's whole history: a continued run appends to them, and a
 * restore cuts them back to the restored time (Brian2's monitors are part of the stored state).
 */
import { hasErrors, type Diagnostic } from '../../../src-shared/diagnostics';
import type { BuildInfo, CrashReport, RunProgress, SpikeForgeApi, StartupInfo } from '../../../src-shared/ipc';
import { RecordingBuffers } from '../features/plots/recordingBuffers';
import { createStore, type Store } from './createStore';
import { canStop, canUseNetwork, INITIAL_RUN_STATE, transitionRun, type RunEvent, type RunState } from './runMachine';

/** Start-up: what `getStartup` said. */
export interface StartupState {
  readonly status: 'loading' | 'ready' | 'failed';
  readonly info?: StartupInfo;
  readonly message?: string;
}

/** The model text and the problems found in it. */
export interface ModelState {
  readonly text: string;
  readonly fileName: string;
  /** Bumped when the text is replaced from outside the editor (start-up, examples). */
  readonly revision: number;
  /** Diagnostics of the latest check or build, in text order. */
  readonly diagnostics: readonly Diagnostic[];
}

/** The last successful build. */
export interface BuildState {
  readonly info?: BuildInfo;
}

/** Stored network states of the current build (Brian2's `store(name)`) and the last action on them. */
export interface StoredStates {
  /** Names stored for the current build. */
  readonly names: readonly string[];
  /** The last store or restore, for the controls' status line. */
  readonly last?: { readonly action: 'stored' | 'restored'; readonly name: string; readonly t: number; readonly step: number };
  /** Why the last store, restore, stop or continue failed. */
  readonly error?: string;
  /** A store or restore is in flight. */
  readonly busy: boolean;
}

/** Options for {@link createWorkbench}. */
export interface WorkbenchOptions {
  /** Delay of the live check after typing, ms (UI.md §4). */
  readonly checkDelayMs?: number;
}

/** The renderer's stores and actions. */
export interface Workbench {
  readonly startup: Store<StartupState>;
  readonly model: Store<ModelState>;
  readonly build: Store<BuildState>;
  readonly run: Store<RunState>;
  readonly crash: Store<CrashReport | undefined>;
  readonly states: Store<StoredStates>;
  readonly recordings: RecordingBuffers;
  readonly api: SpikeForgeApi;
  /** Loads start-up info and the Quick Start model; subscribes to events. */
  start(): Promise<void>;
  /** The editor's text changed: store it and check it after a pause. */
  editText(text: string): void;
  /** Check → build → run the current text. */
  runModel(): Promise<void>;
  /** Ends the current run at the next chunk boundary; what was recorded stays. */
  stopRun(): Promise<void>;
  /** Runs the built network further from where it is, for `duration` seconds (default: the script's). */
  continueRun(duration?: number): Promise<void>;
  /** Brian2's `store(name)` of the built network. */
  storeState(name: string): Promise<void>;
  /** Brian2's `restore(name)`: state, monitors and t go back to the stored ones. */
  restoreState(name: string): Promise<void>;
  dispose(): void;
}

/** Diagnostics in text order, each reported once (a build repeats the check's warnings). */
function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = `${d.code}|${d.span?.start ?? ''}|${d.span?.end ?? ''}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => (a.span?.start ?? Infinity) - (b.span?.start ?? Infinity));
}

function summarise(diagnostics: readonly Diagnostic[], fallback: string): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0] ?? diagnostics[0];
  if (first === undefined) return fallback;
  return errors.length > 1 ? `${first.message} (+${errors.length - 1} more)` : first.message;
}

/** Creates the workbench over a contract client. */
export function createWorkbench(api: SpikeForgeApi, options: WorkbenchOptions = {}): Workbench {
  const startup = createStore<StartupState>({ status: 'loading' });
  const model = createStore<ModelState>({ text: '', fileName: 'model.py', revision: 0, diagnostics: [] });
  const build = createStore<BuildState>({});
  const run = createStore<RunState>(INITIAL_RUN_STATE);
  const crash = createStore<CrashReport | undefined>(undefined);
  const states = createStore<StoredStates>({ names: [], busy: false });
  const recordings = new RecordingBuffers();
  const unsubscribes: (() => void)[] = [];
  const checkDelayMs = options.checkDelayMs ?? 300;
  let checkTimer: ReturnType<typeof setTimeout> | undefined;
  let checkSequence = 0;
  /** Progress that arrived before `startRun` answered with its run id. */
  let earlyProgress: RunProgress[] = [];

  const dispatch = (event: RunEvent): void => run.set((state) => transitionRun(state, event));
  const setDiagnostics = (diagnostics: readonly Diagnostic[]): void => model.set((state) => ({ ...state, diagnostics: sortDiagnostics(diagnostics) }));

  const checkNow = async (): Promise<void> => {
    const sequence = ++checkSequence;
    const text = model.get().text;
    const result = await api.checkModel({ text, fileName: model.get().fileName });
    // A newer check or edit supersedes this one.
    if (sequence !== checkSequence || text !== model.get().text) return;
    setDiagnostics(result.ok ? result.value.diagnostics : result.diagnostics);
  };

  const onProgress = (progress: RunProgress): void => {
    const state = run.get();
    if ((state.phase === 'building' || state.phase === 'running') && state.runId === undefined) earlyProgress.push(progress);
    else dispatch({ type: 'progress', progress });
    if (progress.state === 'error' && progress.runId === run.get().runId && progress.diagnostics !== undefined) setDiagnostics(progress.diagnostics);
  };

  const fail = (diagnostics: readonly Diagnostic[], fallback: string): void => {
    if (diagnostics.length > 0) setDiagnostics(diagnostics);
    dispatch({ type: 'failed', message: summarise(diagnostics, fallback) });
  };

  const setStateError = (diagnostics: readonly Diagnostic[], fallback: string): void => states.set((current) => ({ ...current, busy: false, error: summarise(diagnostics, fallback) }));

  /** Starts a run of the built network (a fresh one after a build, or a continuation). */
  const startRun = async (networkId: string, duration?: number): Promise<void> => {
    const started = await api.startRun(duration === undefined ? { networkId } : { networkId, duration });
    if (!started.ok) return fail(started.diagnostics, 'the run could not start');
    recordings.acceptRun(started.value.runId);
    dispatch({ type: 'run-started', runId: started.value.runId });
    const early = earlyProgress;
    earlyProgress = [];
    for (const progress of early) onProgress(progress);
  };

  /** Store or restore, once the network is idle. */
  const changeState = async (action: 'store' | 'restore', name: string): Promise<void> => {
    const current = run.get();
    if (!canUseNetwork(current) || current.networkId === undefined || states.get().busy) return;
    states.set((s) => ({ ...s, busy: true }));
    const request = { networkId: current.networkId, name };
    const result = action === 'store' ? await api.storeState(request) : await api.restoreState(request);
    if (!result.ok) return setStateError(result.diagnostics, `the state could not be ${action}d`);
    const { t, step, storedNames } = result.value;
    if (action === 'restore') {
      const dt = build.get().info?.dt ?? 0;
      recordings.truncate(t - dt / 2);
      dispatch({ type: 'state-restored', t, step });
    }
    states.set({ names: storedNames, busy: false, last: { action: action === 'store' ? 'stored' : 'restored', name: result.value.name, t, step } });
  };

  return {
    startup,
    model,
    build,
    run,
    crash,
    states,
    recordings,
    api,

    async start() {
      unsubscribes.push(
        api.onDidRecord((batch) => recordings.append(batch)),
        api.onDidProgress(onProgress),
        api.onDidSimHostCrash((report) => {
          crash.set(report);
          dispatch({ type: 'crashed', report });
        }),
      );
      const result = await api.getStartup();
      if (!result.ok) {
        startup.set({ status: 'failed', message: summarise(result.diagnostics, 'start-up failed') });
        return;
      }
      const quickStart = result.value.quickStart;
      startup.set({ status: 'ready', info: result.value });
      model.set((state) => ({ text: quickStart.text, fileName: quickStart.fileName, revision: state.revision + 1, diagnostics: [] }));
      await checkNow();
    },

    editText(text) {
      if (text === model.get().text) return;
      model.set((state) => ({ ...state, text }));
      checkSequence++;
      if (checkTimer !== undefined) clearTimeout(checkTimer);
      checkTimer = setTimeout(() => void checkNow(), checkDelayMs);
    },

    async runModel() {
      const before = run.get();
      dispatch({ type: 'run-requested' });
      // The machine returns the same state when it refuses (already busy).
      if (run.get() === before) return;
      crash.set(undefined);
      earlyProgress = [];
      const { text, fileName } = model.get();

      const checked = await api.checkModel({ text, fileName });
      if (!checked.ok) return fail(checked.diagnostics, 'the model could not be checked');
      setDiagnostics(checked.value.diagnostics);
      if (hasErrors(checked.value.diagnostics)) return fail(checked.value.diagnostics, 'the model has errors');
      dispatch({ type: 'check-passed' });

      const built = await api.buildNetwork({ text, fileName });
      if (!built.ok) return fail(built.diagnostics, 'the build failed');
      const info = built.value;
      build.set({ info });
      // A new build is a new network: what was stored belonged to the old one.
      states.set({ names: [], busy: false });
      setDiagnostics([...checked.value.diagnostics, ...info.warnings]);
      dispatch({ type: 'build-succeeded', networkId: info.networkId, tier: info.tier, duration: info.duration });
      recordings.reset(undefined, info.monitors);
      await startRun(info.networkId);
    },

    async stopRun() {
      const state = run.get();
      if (!canStop(state) || state.networkId === undefined || state.runId === undefined) return;
      dispatch({ type: 'stop-requested' });
      const result = await api.stopRun({ networkId: state.networkId, runId: state.runId });
      if (!result.ok) setStateError(result.diagnostics, 'the run could not be stopped');
    },

    async continueRun(duration) {
      const state = run.get();
      if (!canUseNetwork(state) || state.networkId === undefined || states.get().busy) return;
      earlyProgress = [];
      recordings.continueRun();
      dispatch({ type: 'continue-requested' });
      states.set((s) => {
        const { error: _error, ...rest } = s;
        return rest;
      });
      await startRun(state.networkId, duration);
    },

    storeState: (name) => changeState('store', name),
    restoreState: (name) => changeState('restore', name),

    dispose() {
      if (checkTimer !== undefined) clearTimeout(checkTimer);
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
    },
  };
}
