/**
 * The Node entry of the TypeScript API: a `Network` that builds its objects' model IR, sends it
 * to a sim-host process (where the generated code runs, isolated from this process) and exposes
 * running, the seed's step-by-step calls, the generated code and the inspector.
 */
import { networkModelText, toModelIR, type NetworkObject, type NetworkRuntime } from '../../src-shared/api';
import { formatDiagnostics, makeDiagnostic, type Diagnostic } from '../../src-shared/diagnostics';
import { runStepCount } from '../../src-shared/model';
import type { ArrayReport, ConflictReport, IpcResult, NamespaceScan, ObjectReport, SimBuildResult, SimRunResult, SnapshotDiff, SnapshotInfo } from '../../src-shared/ipc';
import { createNodeSimHostLauncher } from '../services/simHostLauncher';
import { SimHostClient } from '../services/simHostClient';

export * from '../../src-shared/api';
export { formatDiagnostics } from '../../src-shared/diagnostics';

/** Thrown by the convenience methods when the model has errors; `diagnostics` holds them all. */
export class ModelError extends Error {
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    text?: string,
  ) {
    super(text === undefined ? diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n') : formatDiagnostics(diagnostics, text, 'equations'));
    this.name = 'ModelError';
  }
}

/** Options of a `Network`. */
export interface NetworkOptions {
  /** `auto` (default: JS tier at once, the native library swapped in when compiled), `native` (wait for it) or `js`. */
  readonly tier?: 'js' | 'native' | 'auto';
  /** Share one sim host between networks (the seed's namespace demo runs two networks in one process). */
  readonly client?: SimHostClient;
  /** Folder of the compile cache. */
  readonly cacheDir?: string;
}

function unwrap<T>(result: IpcResult<T>): T {
  if (!result.ok) throw new ModelError(result.diagnostics);
  return result.value;
}

/** Starts a sim host for API use. */
export function createSimHost(options: { cacheDir?: string } = {}): SimHostClient {
  return new SimHostClient(createNodeSimHostLauncher(options.cacheDir === undefined ? {} : { SPIKEFORGE_CACHE_DIR: options.cacheDir }));
}

/** A network: its objects live in their own C++ namespace in the sim host. */
export class Network {
  private readonly objects: NetworkObject[] = [];
  private readonly client: SimHostClient;
  private readonly ownsClient: boolean;
  private built: SimBuildResult | undefined;

  constructor(
    readonly name: string,
    objects: readonly NetworkObject[] = [],
    private readonly options: NetworkOptions = {},
  ) {
    this.client = options.client ?? createSimHost(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir });
    this.ownsClient = options.client === undefined;
    this.add(...objects);
  }

  /** Adds objects (before the build). */
  add(...objects: NetworkObject[]): void {
    this.objects.push(...objects);
  }

  /** Builds: checks the model, generates C++ and JS, compiles (or hits the cache) and loads. */
  async build(): Promise<IpcResult<SimBuildResult>> {
    const ir = toModelIR(this.name, this.objects);
    if (!ir.ok) return { ok: false, diagnostics: ir.diagnostics };
    const result = await this.client.request('build', { ir: ir.value, tier: this.options.tier ?? 'auto', ...(this.built ? { networkId: this.built.networkId } : {}) });
    if (result.ok) {
      this.built = result.value;
      this.client.noteContext({ networkName: this.name, tier: result.value.tier });
      const runtime = this.makeRuntime(result.value.networkId);
      for (const object of this.objects) object.runtime = runtime;
    }
    return result;
  }

  /**
   * Builds, throwing `ModelError` with every diagnostic when the model is wrong; its message shows
   * each problem under the equation line it is about (see `modelText`).
   */
  async buildOrThrow(): Promise<SimBuildResult> {
    const result = await this.build();
    if (!result.ok) throw new ModelError(result.diagnostics, this.modelText);
    return result.value;
  }

  /** The text diagnostic spans point into: the groups' equations, in order, one per block. */
  get modelText(): string {
    return networkModelText(this.objects);
  }

  private requireBuilt(): SimBuildResult {
    if (this.built === undefined) throw new Error(`Network ${this.name}: call build() first`);
    return this.built;
  }

  private makeRuntime(networkId: string): NetworkRuntime {
    const client = this.client;
    return {
      async update(group, steps) {
        unwrap(await client.request('update', { networkId, group, steps }));
      },
      async record(monitor) {
        unwrap(await client.request('record', { networkId, monitor }));
      },
      async fetchMonitor(monitor) {
        return unwrap(await client.request('monitorData', { networkId, monitor }));
      },
      async getVariable(group, variable) {
        const values = unwrap(await client.request('getArray', { networkId, array: `_array_${group}_${variable}` })).values;
        return values instanceof Float64Array ? values : Float64Array.from(values);
      },
      async setVariable(group, variable, value) {
        unwrap(await client.request('setArray', { networkId, array: `_array_${group}_${variable}`, value }));
      },
    };
  }

  /** Runs for `duration` seconds (monitors record at the start of every step, as in Brian2). */
  async run(duration: number): Promise<SimRunResult> {
    const built = this.built ?? (await this.buildOrThrow());
    const dt = this.dtOf();
    // Brian2's Clock.set_interval: round when within 1e-4 dt of a whole step, else ceil (C60).
    const steps = runStepCount(duration, dt);
    return unwrap(await this.client.request('run', { networkId: built.networkId, runId: `${this.name}-${Date.now()}`, steps, stream: false }));
  }

  private dtOf(): number {
    const ir = toModelIR(this.name, this.objects);
    if (!ir.ok) throw new ModelError(ir.diagnostics);
    return ir.value.dt;
  }

  /** The seed's `show_generated_code`: the C++ translation unit of this network. */
  generatedCode(language: 'cpp' | 'js' = 'cpp'): string {
    const built = this.requireBuilt();
    return language === 'cpp' ? built.cppSource : built.jsSource;
  }

  /** Build facts: namespace, tier, cache, timings, entry points. */
  get buildInfo(): SimBuildResult {
    return this.requireBuilt();
  }

  /** The seed's inspector, over this network's sim host. */
  get inspector(): Inspector {
    return new Inspector(this.client, this.requireBuilt().networkId);
  }

  /** Stops the sim host if this network started it. */
  async close(): Promise<void> {
    if (this.ownsClient) await this.client.dispose();
    else if (this.built !== undefined) await this.client.request('dispose', { networkId: this.built.networkId });
  }
}

/** The seed's five inspector operations. */
export class Inspector {
  constructor(
    private readonly client: SimHostClient,
    private readonly networkId: string,
  ) {}

  /** A compiled object: its symbols (exported name, library, signature) and variables. */
  async inspectObject(object: string): Promise<ObjectReport> {
    return unwrap(await this.client.request('inspectObject', { networkId: this.networkId, object }));
  }

  /** An array: dtype, length, bytes, address, min/max/mean/std and a slice. `name` is `group.variable` or the array name. */
  async inspectArray(name: string, slice?: { start: number; end: number }): Promise<ArrayReport> {
    return unwrap(await this.client.request('inspectArray', { networkId: this.networkId, array: name, ...(slice ? { slice } : {}) }));
  }

  /** Copies the state arrays now. */
  async takeSnapshot(label: string): Promise<SnapshotInfo> {
    return unwrap(await this.client.request('takeSnapshot', { networkId: this.networkId, label }));
  }

  /** What changed between two snapshots, per array. */
  async compareSnapshots(a: SnapshotInfo | string, b: SnapshotInfo | string): Promise<SnapshotDiff> {
    return unwrap(await this.client.request('compareSnapshots', { a: typeof a === 'string' ? a : a.id, b: typeof b === 'string' ? b : b.id }));
  }

  /** Every loaded network namespace and its exported symbols. */
  async scanGlobalNamespace(): Promise<NamespaceScan> {
    return unwrap(await this.client.request('scanNamespaces', {}));
  }

  /** Duplicate exported symbols, names shadowing libc symbols; `names` limits the check. */
  async checkConflicts(names?: readonly string[]): Promise<ConflictReport> {
    return unwrap(await this.client.request('checkConflicts', names === undefined ? {} : { names }));
  }
}

/** A diagnostic for API misuse that is the user's to fix (not a bug). */
export function apiDiagnostic(message: string): Diagnostic {
  return makeDiagnostic('SF8006', { detail: message });
}
