/**
 * The namespace registry (ARCHITECTURE.md §9): what is loaded into the sim host and why. It is the
 * single owner of library load and unload — libraries are reference-counted by path, pinned in the
 * compile cache while loaded (so eviction never deletes a mapped file) and unloaded when the last
 * user releases them — and it records, per network, the library, namespace `sf_<net>_<h>`, entry
 * points, code objects and host arrays. Its scans read the real dynamic symbol tables of the loaded
 * files and the process's global scope, so they show what the dynamic linker sees, not what the
 * generator intended. Results are plain data (they cross IPC); bigints become hex strings.
 * Native operations are injected (defaults: the real ones from `jit/nativeLibrary`).
 */
import { fail, ok, type Result } from '../../../src-shared/diagnostics';
import { addressOf, isGlobalSymbol, loadNativeLibrary, type HostArray, type NativeLibrary } from '../jit/nativeLibrary';

/** Native operations the registry needs. */
export interface RegistryDeps {
  loadLibrary(path: string): Result<NativeLibrary>;
  isGlobalSymbol(name: string): boolean;
  addressOf(array: HostArray): bigint;
  /** Called with the cache key on first load / last unload (wire to `BuildCache.pin/unpin`). */
  pin(key: string): void;
  unpin(key: string): void;
}

/** Facts about a library for the inspector, given when it is acquired. */
export interface LibraryInfo {
  readonly cacheKey?: string;
  /** Compiler description, e.g. the toolchain's `version` line. */
  readonly compiler?: string;
  readonly flags?: readonly string[];
}

/** What an entry point is for. */
export type EntryPointKind = 'run' | 'connect' | 'set' | 'record' | 'update' | 'address' | 'before_run';

/** An exported entry point. */
export interface EntryPointRecord {
  readonly name: string;
  readonly signature: string;
  readonly kind: EntryPointKind;
}

/** A code object of a network, with its line range in the generated C++ (1-based, inclusive). */
export interface CodeObjectRecord {
  readonly name: string;
  readonly template: string;
  readonly lines?: { readonly start: number; readonly end: number };
  readonly slot?: string;
  readonly order?: number;
}

/** A host array of a network. `array` is read at scan time (arrays grow and get replaced). */
export interface ArrayRegistration {
  readonly name: string;
  readonly owner: string;
  readonly variable: string;
  readonly dtype: string;
  readonly unit: string;
  /** Logical length (e.g. recorded samples); default: the array's length. */
  readonly length?: number | (() => number);
  readonly array?: () => HostArray | undefined;
}

/** Everything recorded for one network. */
export interface NetworkRegistration {
  readonly networkId: string;
  readonly networkName: string;
  /** `sf_<net>_<h>` */
  readonly namespace: string;
  /** Prefix of this network's exported symbols (`sf_<h>`); default: the namespace. */
  readonly symbolPrefix?: string;
  readonly tier?: 'js' | 'native';
  /** Hash of the rendered C++ (for namespace-collision checks); default: the library's cache key or path. */
  readonly sourceHash?: string;
  /** The native library of this network; acquired by `registerNetwork`, released on unregister. */
  readonly library?: { readonly path: string } & LibraryInfo;
  readonly entryPoints?: readonly EntryPointRecord[];
  readonly codeObjects?: readonly CodeObjectRecord[];
  readonly arrays?: readonly ArrayRegistration[];
}

/** One host array as the scan reports it. */
export interface ArrayInfo {
  readonly name: string;
  readonly owner: string;
  readonly variable: string;
  readonly dtype: string;
  readonly unit: string;
  readonly length: number;
  readonly capacity: number;
  readonly bytes: number;
  /** Backing-store address, hex (`0x…`), '' when unknown. */
  readonly address: string;
}

/** A loaded library as the scan reports it. */
export interface LibraryScan {
  readonly path: string;
  readonly cacheKey: string;
  readonly compiler: string;
  readonly flags: readonly string[];
  readonly loadedAt: string;
  readonly loadMs: number;
  readonly refcount: number;
  /** Exported symbols read from the file's .dynsym. */
  readonly symbols: readonly string[];
  /** DF_1_NODELETE (unload would not unmap it) — should always be false. */
  readonly nodelete: boolean;
  /** STB_GNU_UNIQUE symbols (they make glibc mark the library NODELETE) — should be empty. */
  readonly uniqueSymbols: readonly string[];
  readonly networks: readonly string[];
}

/** A network's namespace as the scan reports it (a superset of the IPC `NamespaceScan` entry). */
export interface NamespaceEntry {
  readonly networkId: string;
  readonly networkName: string;
  readonly namespace: string;
  readonly tier: 'js' | 'native';
  /** Library path, '' for a JS-only network. */
  readonly library: string;
  readonly refcount: number;
  /** Exported symbols of the library that carry this namespace's prefix. */
  readonly symbols: readonly string[];
  readonly entryPoints: readonly EntryPointRecord[];
  readonly codeObjects: readonly CodeObjectRecord[];
  readonly arrays: readonly string[];
  readonly arrayDetails: readonly ArrayInfo[];
}

/** Result of {@link NamespaceRegistry.scanNamespaces}. */
export interface NamespaceScanResult {
  readonly libraries: readonly LibraryScan[];
  readonly namespaces: readonly NamespaceEntry[];
}

/** One conflict. `where` lists library paths, network ids or `global scope`. */
export interface SymbolConflict {
  readonly name: string;
  readonly kind: 'duplicate-export' | 'shadows-global' | 'namespace-collision';
  readonly where: readonly string[];
}

/** Result of {@link NamespaceRegistry.checkConflicts}. */
export interface ConflictCheck {
  readonly checked: number;
  readonly conflicts: readonly SymbolConflict[];
}

/** The registry. */
export interface NamespaceRegistry {
  /** Loads the library (or adds a reference to the loaded one). Failure → SF7003. */
  acquire(libraryPath: string, info?: LibraryInfo): Result<NativeLibrary>;
  /** Drops a reference; unloads and unpins at zero. Returns the remaining count. Throws on a path not acquired (bug). */
  release(libraryPath: string): number;
  /** Records a network, acquiring its library first; replaces (and then releases) an earlier registration of the same id. */
  registerNetwork(registration: NetworkRegistration): Result<{ readonly library?: NativeLibrary }>;
  /** Forgets a network and releases its library. False if unknown. */
  unregisterNetwork(networkId: string): boolean;
  /** The loaded library of a network, if any. */
  libraryOf(networkId: string): NativeLibrary | undefined;
  networkIds(): string[];
  /** Every loaded library and every network namespace, with real exported symbols and refcounts. */
  scanNamespaces(): NamespaceScanResult;
  /** Duplicate exports, exports (or `names`) in the global scope, namespaces claimed by two sources. */
  checkConflicts(names?: readonly string[]): ConflictCheck;
  /** Releases everything (sim-host shutdown). */
  dispose(): void;
}

interface LibraryRecord {
  readonly path: string;
  readonly library: NativeLibrary;
  readonly info: LibraryInfo;
  readonly loadedAt: string;
  refcount: number;
}

const GLOBAL_SCOPE = 'global scope';

/** Creates a registry; `deps` default to the real native operations (`pin`/`unpin` to no-ops). */
export function createNamespaceRegistry(deps: Partial<RegistryDeps> = {}): NamespaceRegistry {
  const native: RegistryDeps = {
    loadLibrary: deps.loadLibrary ?? loadNativeLibrary,
    isGlobalSymbol: deps.isGlobalSymbol ?? isGlobalSymbol,
    addressOf: deps.addressOf ?? addressOf,
    pin: deps.pin ?? (() => undefined),
    unpin: deps.unpin ?? (() => undefined),
  };
  const libraries = new Map<string, LibraryRecord>();
  const networks = new Map<string, NetworkRegistration>();

  function acquire(libraryPath: string, info: LibraryInfo = {}): Result<NativeLibrary> {
    const existing = libraries.get(libraryPath);
    if (existing !== undefined) {
      existing.refcount++;
      return ok(existing.library);
    }
    const loaded = native.loadLibrary(libraryPath);
    if (!loaded.ok) return loaded;
    libraries.set(libraryPath, { path: libraryPath, library: loaded.value, info, loadedAt: new Date().toISOString(), refcount: 1 });
    if (info.cacheKey !== undefined) native.pin(info.cacheKey);
    return loaded;
  }

  function release(libraryPath: string): number {
    const record = libraries.get(libraryPath);
    if (record === undefined) throw new Error(`BUG: release of a library that is not acquired: ${libraryPath}`);
    record.refcount--;
    if (record.refcount > 0) return record.refcount;
    libraries.delete(libraryPath);
    record.library.unload();
    if (record.info.cacheKey !== undefined) native.unpin(record.info.cacheKey);
    return 0;
  }

  function registerNetwork(registration: NetworkRegistration): Result<{ readonly library?: NativeLibrary }> {
    let library: NativeLibrary | undefined;
    if (registration.library !== undefined) {
      const { path, ...info } = registration.library;
      const acquired = acquire(path, info);
      if (!acquired.ok) return fail(acquired.diagnostics);
      library = acquired.value;
    }
    // Acquire the new library before releasing the old one: an unchanged library is not reloaded.
    const previous = networks.get(registration.networkId);
    networks.set(registration.networkId, registration);
    if (previous?.library !== undefined) release(previous.library.path);
    return ok(library === undefined ? {} : { library });
  }

  function unregisterNetwork(networkId: string): boolean {
    const registration = networks.get(networkId);
    if (registration === undefined) return false;
    networks.delete(networkId);
    if (registration.library !== undefined) release(registration.library.path);
    return true;
  }

  function arrayInfo(a: ArrayRegistration): ArrayInfo {
    const array = a.array?.();
    const capacity = array?.length ?? 0;
    const length = typeof a.length === 'function' ? a.length() : (a.length ?? capacity);
    const address = array === undefined || capacity === 0 ? '' : `0x${native.addressOf(array).toString(16)}`;
    return { name: a.name, owner: a.owner, variable: a.variable, dtype: a.dtype, unit: a.unit, length, capacity, bytes: array?.byteLength ?? 0, address };
  }

  function scanNamespaces(): NamespaceScanResult {
    const scans: LibraryScan[] = [];
    const symbolsOf = new Map<string, readonly string[]>();
    for (const record of libraries.values()) {
      const info = record.library.dynamicInfo();
      const symbols = (info?.symbols ?? []).map((s) => s.name).sort();
      symbolsOf.set(record.path, symbols);
      scans.push({
        path: record.path,
        cacheKey: record.info.cacheKey ?? '',
        compiler: record.info.compiler ?? '',
        flags: record.info.flags ?? [],
        loadedAt: record.loadedAt,
        loadMs: record.library.loadMs,
        refcount: record.refcount,
        symbols,
        nodelete: info?.nodelete ?? false,
        uniqueSymbols: (info?.symbols ?? []).filter((s) => s.binding === 'unique').map((s) => s.name),
        networks: [...networks.values()].filter((n) => n.library?.path === record.path).map((n) => n.networkId),
      });
    }
    const namespaces = [...networks.values()].map((n): NamespaceEntry => {
      const path = n.library?.path ?? '';
      const arrays = (n.arrays ?? []).map(arrayInfo);
      return {
        networkId: n.networkId,
        networkName: n.networkName,
        namespace: n.namespace,
        tier: n.tier ?? (path === '' ? 'js' : 'native'),
        library: path,
        refcount: libraries.get(path)?.refcount ?? 0,
        symbols: (symbolsOf.get(path) ?? []).filter((s) => s.startsWith(`${n.symbolPrefix ?? n.namespace}_`)),
        entryPoints: n.entryPoints ?? [],
        codeObjects: n.codeObjects ?? [],
        arrays: arrays.map((a) => a.name),
        arrayDetails: arrays,
      };
    });
    return { libraries: scans, namespaces };
  }

  function checkConflicts(names?: readonly string[]): ConflictCheck {
    const exporters = new Map<string, string[]>();
    for (const record of libraries.values()) {
      for (const symbol of new Set(record.library.exportedSymbols())) {
        const list = exporters.get(symbol);
        if (list === undefined) exporters.set(symbol, [record.path]);
        else list.push(record.path);
      }
    }
    const targets = [...new Set(names ?? [...exporters.keys()])].sort();
    const conflicts: SymbolConflict[] = [];
    for (const name of targets) {
      const where = exporters.get(name) ?? [];
      if (where.length > 1) conflicts.push({ name, kind: 'duplicate-export', where: [...where] });
      if (native.isGlobalSymbol(name)) conflicts.push({ name, kind: 'shadows-global', where: [...where, GLOBAL_SCOPE] });
    }
    const claims = new Map<string, Map<string, string[]>>();
    for (const n of networks.values()) {
      if (names !== undefined && !names.includes(n.namespace)) continue;
      const source = n.sourceHash ?? n.library?.cacheKey ?? n.library?.path;
      if (source === undefined) continue;
      const bySource = claims.get(n.namespace) ?? new Map<string, string[]>();
      claims.set(n.namespace, bySource);
      bySource.set(source, [...(bySource.get(source) ?? []), n.library === undefined ? n.networkId : `${n.networkId} (${n.library.path})`]);
    }
    for (const [namespace, bySource] of claims) {
      if (bySource.size > 1) conflicts.push({ name: namespace, kind: 'namespace-collision', where: [...bySource.values()].flat() });
    }
    return { checked: targets.length + (names === undefined ? claims.size : 0), conflicts };
  }

  return {
    acquire,
    release,
    registerNetwork,
    unregisterNetwork,
    libraryOf: (networkId) => {
      const path = networks.get(networkId)?.library?.path;
      return path === undefined ? undefined : libraries.get(path)?.library;
    },
    networkIds: () => [...networks.keys()],
    scanNamespaces,
    checkConflicts,
    dispose() {
      for (const id of [...networks.keys()]) unregisterNetwork(id);
      for (const record of [...libraries.values()]) {
        record.refcount = 1;
        release(record.path);
      }
    },
  };
}
