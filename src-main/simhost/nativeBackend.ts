/**
 * Tier 1 of the sim host: wires the toolchain probe, the content-keyed build cache, koffi loading
 * and the namespace registry into the `NativeBackend` the core uses. The probe runs once per
 * process (its result, good or bad, is reused); every library is loaded through the registry, so
 * the inspector's scan and conflict check see exactly what is mapped into this process.
 */
import { GENERATOR_VERSION } from '../../src-shared/codegen';
import { fail, makeDiagnostic, ok } from '../../src-shared/diagnostics';
import type { ConflictReport, NamespaceScan, SimToolchain } from '../../src-shared/ipc';
import { createBuildCache, type BuildCache } from './jit/buildCache';
import { addressOf as addressOfArray, koffiVersion, type NativeFunction } from './jit/nativeLibrary';
import { compilerFlags, probeToolchain, type Toolchain } from './jit/toolchainProbe';
import { createNamespaceRegistry, type EntryPointKind, type NamespaceRegistry } from './registry/namespaceRegistry';
import type { HostArray, Kernel } from './runtime/kernel';
import type { NativeBackend } from './runtime/simHostCore';

/** Options of {@link createNativeBackend}. */
export interface NativeBackendOptions {
  /** Compile cache directory. */
  readonly cacheDir: string;
  /** A user-chosen compiler (`SPIKEFORGE_CXX`), tried before g++ and clang++. */
  readonly preferredCompiler?: string | undefined;
  /** `debug` compiles with -O0 -g (for stepping through generated code). */
  readonly profile?: 'release' | 'debug';
}

/** Template set version: bump when templates change in a way the source text would not show. */
const TEMPLATE_VERSION = '1';

function entryKind(entry: string): EntryPointKind {
  if (entry === 'run') return 'run';
  return entry.endsWith('_record') ? 'record' : 'update';
}

/** Creates the native backend. Nothing is probed, compiled or loaded until the first call. */
export function createNativeBackend(options: NativeBackendOptions): NativeBackend {
  let probed: Promise<{ toolchain?: Toolchain; info: SimToolchain }> | undefined;
  let cache: BuildCache | undefined;
  const profile = options.profile ?? 'release';

  const getCache = (): BuildCache => {
    cache ??= createBuildCache({ dir: options.cacheDir, abiTag: `gen${GENERATOR_VERSION}/tpl${TEMPLATE_VERSION}/koffi${koffiVersion() ?? 'none'}` });
    return cache;
  };
  const registry: NamespaceRegistry = createNamespaceRegistry({ pin: (key) => getCache().pin(key), unpin: (key) => getCache().unpin(key) });

  const probe = (): Promise<{ toolchain?: Toolchain; info: SimToolchain }> => {
    probed ??= probeToolchain(options.preferredCompiler === undefined ? {} : { preferred: options.preferredCompiler }).then((result) => {
      if (!result.ok) return { info: { available: false, message: `no C++ compiler found (${result.reason}); running on the JavaScript tier` } };
      if (koffiVersion() === undefined) return { info: { available: false, message: 'koffi could not be loaded; running on the JavaScript tier' } };
      const t = result.toolchain;
      return { toolchain: t, info: { available: true, compiler: t.path, version: t.version, message: `native tier: ${t.version}` } };
    });
    return probed;
  };

  return {
    async probe() {
      return (await probe()).info;
    },

    async build(request) {
      const { toolchain, info } = await probe();
      if (toolchain === undefined) return fail([makeDiagnostic('SF7002', {}, undefined, [info.message])]);
      const flags = compilerFlags(toolchain, profile);
      const built = await getCache().getOrBuild({ source: request.cppSource, jsSource: request.jsSource, toolchain, flags, entryPoints: request.entryPoints.map((e) => e.name) });
      if (!built.ok) return { ok: false, diagnostics: built.diagnostics, ...(built.compilerMessages === undefined ? {} : { compilerMessages: built.compilerMessages }) };
      const registered = registry.registerNetwork({
        networkId: request.networkId,
        networkName: request.networkName,
        namespace: request.namespace,
        symbolPrefix: request.prefix,
        tier: 'native',
        sourceHash: built.value.key,
        library: { path: built.value.libraryPath, cacheKey: built.value.key, compiler: toolchain.version, flags },
        entryPoints: request.entryPoints.map((e) => ({ name: e.name, signature: e.signature, kind: entryKind(e.entry) })),
        arrays: request.arrays.map((a) => ({ name: a.name, owner: a.owner, variable: a.variable, dtype: a.dtype, unit: a.unit, array: a.array })),
      });
      if (!registered.ok) return registered;
      const library = registered.value.library;
      if (library === undefined) throw new Error('registry returned no library for a native registration');
      const functions = new Map<string, NativeFunction<number>>(request.entryPoints.map((e) => [e.entry, library.bind<number>(e.name, e.signature)]));
      const echoAddress = library.bind<number | bigint>(`${request.prefix}_address`, `unsigned long long ${request.prefix}_address(const void *_p)`);
      const kernel: Kernel = {
        tier: 'native',
        invoke(entry: string, t0: number, steps: number, arrays: readonly HostArray[], status: Int32Array): number {
          const fn = functions.get(entry);
          if (fn === undefined) throw new Error(`native library has no entry point ${entry}`);
          return fn(t0, steps, ...arrays, status);
        },
        addressOf(array: HostArray): bigint {
          return addressOfArray(array);
        },
        addressSeenByCode(array: HostArray): bigint {
          return BigInt(echoAddress(array));
        },
        release() {
          functions.clear();
        },
      };
      return ok({ kernel, cacheHit: built.value.cacheHit, compileMs: built.value.compileMs, loadMs: library.loadMs, libraryPath: built.value.libraryPath });
    },

    release(networkId) {
      registry.unregisterNetwork(networkId);
    },

    scanNamespaces(): NamespaceScan {
      const scan = registry.scanNamespaces();
      return {
        namespaces: scan.namespaces.map((n) => ({ networkName: n.networkName, namespace: n.namespace, library: n.library, symbols: n.symbols, arrays: n.arrays, refcount: n.refcount })),
      };
    },

    checkConflicts(names): ConflictReport {
      return registry.checkConflicts(names);
    },
  };
}
