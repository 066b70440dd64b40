/**
 * The only module that touches koffi (ARCHITECTURE.md §3). It loads JIT libraries, binds entry
 * points behind a typed interface, guards every bound function against use after `unload()` (a
 * call into an unmapped library is a segfault, so it is reported as a bug by throwing), reads the
 * real exported symbols of a library (ELF reader, see `elfSymbols.ts`), answers "is this name in
 * the process's global scope" and gives the address of a host typed array for the inspector.
 *
 * koffi is required lazily on first use, not at import: importing this module has no side effect,
 * and a koffi that cannot load (no prebuilt binary for the platform) becomes an SF7003 value
 * instead of a crash at start-up.
 *
 * Zero-copy: typed arrays passed for plain pointer parameters (`double*`, `int*`, `int32_t*`,
 * `int64_t*`, `uint8_t*`) in synchronous calls are passed as the address of their backing store
 * (proved by `nativeLibrary.test.ts`). Never use `_Out_`/`_Inout_` for arrays (those copy) and
 * never `.async` (ARCHITECTURE.md §8: data race).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute } from 'node:path';
import { fail, makeDiagnostic, ok, type Result } from '../../../src-shared/diagnostics';
import { readElfDynamicSymbols, type ElfDynamicInfo } from './elfSymbols';

type Koffi = typeof import('koffi');
type KoffiLibrary = ReturnType<Koffi['load']>;

/** Host-owned arrays that may be passed to native code (zero-copy). */
export type HostArray = Float64Array | Int32Array | BigInt64Array | Uint8Array;

/** A value accepted by a bound function. */
export type NativeArgument = number | bigint | boolean | string | null | HostArray;

/** A value a bound function may return (koffi maps 64-bit integers to number when exact, else bigint). */
export type NativeResult = number | bigint | boolean | string | null | undefined;

/** A bound entry point. Calling it after its library was unloaded throws (a bug, not a user error). */
export interface NativeFunction<R extends NativeResult = NativeResult> {
  (...args: NativeArgument[]): R;
  /** The exported symbol. */
  readonly symbol: string;
  /** The koffi prototype it was bound with. */
  readonly signature: string;
}

/** A loaded shared library. Owned by the namespace registry (the single owner of load/unload). */
export interface NativeLibrary {
  readonly path: string;
  /** False after `unload()`. */
  readonly loaded: boolean;
  /** Milliseconds `dlopen` took. */
  readonly loadMs: number;
  /**
   * Binds an exported function. `signature` is a koffi prototype string naming the same function,
   * e.g. `'int sf_x_run(int64_t t0, int steps, double* a, int* status)'`. `R` states the return type
   * (unchecked: it must match the prototype). Throws on a missing symbol, a signature naming another
   * function or an unloaded library: all three are generator bugs. Bound functions are cached per
   * signature.
   */
  bind<R extends NativeResult = NativeResult>(name: string, signature: string): NativeFunction<R>;
  /** Defined, default-visibility dynamic symbols of the file (read from its ELF .dynsym; [] if unreadable). */
  exportedSymbols(): string[];
  /** Full dynamic-table facts (symbol kinds, NODELETE flag), or undefined when the file is not ELF64. */
  dynamicInfo(): ElfDynamicInfo | undefined;
  /** dlclose. Idempotent. Every function bound from this library throws afterwards. */
  unload(): void;
}

let koffiModule: Koffi | undefined;
let koffiFailure: string | undefined;

function getKoffi(): Result<Koffi> {
  if (koffiModule !== undefined) return ok(koffiModule);
  if (koffiFailure === undefined) {
    try {
      koffiModule = createRequire(import.meta.url)('koffi') as Koffi;
      return ok(koffiModule);
    } catch (error) {
      koffiFailure = `koffi could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return fail([makeDiagnostic('SF7003', { message: koffiFailure })]);
}

/** The koffi version (part of the cache's ABI tag), or undefined when koffi cannot be loaded. */
export function koffiVersion(): string | undefined {
  const k = getKoffi();
  return k.ok ? k.value.version : undefined;
}

/** Paths loaded through this module (so the global-scope scan can leave them out). */
const ownPaths = new Set<string>();

const SIGNATURE_NAME = /([A-Za-z_]\w*)\s*\(/;

/** Loads a shared library from an absolute path. Failure → SF7003 with the loader's message. */
export function loadNativeLibrary(path: string): Result<NativeLibrary> {
  if (!isAbsolute(path)) {
    // dlopen would search the system library path for a bare name.
    return fail([makeDiagnostic('SF7003', { message: `library path must be absolute: ${path}` })]);
  }
  const k = getKoffi();
  if (!k.ok) return k;
  const koffi = k.value;
  const t0 = performance.now();
  let handle: KoffiLibrary;
  try {
    handle = koffi.load(path);
  } catch (error) {
    return fail([makeDiagnostic('SF7003', { message: error instanceof Error ? error.message : String(error) })]);
  }
  const loadMs = performance.now() - t0;
  ownPaths.add(path);
  let loaded = true;
  const bound = new Map<string, NativeFunction>();
  let info: ElfDynamicInfo | undefined | null = null;

  const readInfo = (): ElfDynamicInfo | undefined => {
    if (info === null) {
      try {
        const parsed = readElfDynamicSymbols(readFileSync(path));
        info = parsed.ok ? parsed.value : undefined;
      } catch {
        info = undefined;
      }
    }
    return info;
  };

  const library: NativeLibrary = {
    path,
    loadMs,
    get loaded() {
      return loaded;
    },
    bind<R extends NativeResult = NativeResult>(name: string, signature: string): NativeFunction<R> {
      if (!loaded) throw new Error(`BUG: bind("${name}") on unloaded library ${path}`);
      const cached = bound.get(signature);
      if (cached !== undefined) return cached as NativeFunction<R>;
      const named = SIGNATURE_NAME.exec(signature)?.[1];
      if (named !== name) {
        throw new Error(`BUG: signature "${signature}" names "${named ?? '?'}", expected "${name}"`);
      }
      let raw: (...args: NativeArgument[]) => unknown;
      try {
        raw = handle.func(signature) as (...args: NativeArgument[]) => unknown;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`BUG: cannot bind "${signature}" in ${path}: ${message}`, { cause: error });
      }
      const call = (...args: NativeArgument[]): R => {
        if (!loaded) throw new Error(`BUG: call to ${name} after its library was unloaded (${path})`);
        return raw(...args) as R;
      };
      const fn: NativeFunction<R> = Object.assign(call, { symbol: name, signature });
      bound.set(signature, fn);
      return fn;
    },
    exportedSymbols(): string[] {
      return (readInfo()?.symbols ?? []).map((s) => s.name);
    },
    dynamicInfo(): ElfDynamicInfo | undefined {
      return readInfo();
    },
    unload(): void {
      if (!loaded) return;
      loaded = false;
      bound.clear();
      handle.unload();
    },
  };
  return ok(library);
}

/**
 * Address of a typed array's backing store, for the inspector's "host address" column.
 * koffi ≥ 2.16 accepts typed arrays in `koffi.address()`; it returns the same pointer native code
 * receives (checked in the tests), materialising a small on-heap array's store first so the address
 * stays fixed while the array lives. Informative only: native code must never keep it (§7).
 * Returns 0n for an empty array or when koffi cannot be loaded.
 */
export function addressOf(array: HostArray): bigint {
  const k = getKoffi();
  if (!k.ok || array.length === 0) return 0n;
  return k.value.address(array);
}

type Dlsym = (handle: number, name: string) => number | bigint;
let dlsym: Dlsym | null | undefined;
let compatNames: Set<string> | undefined;

function getDlsym(): Dlsym | null {
  if (dlsym !== undefined) return dlsym;
  dlsym = null;
  const k = getKoffi();
  if (!k.ok) return dlsym;
  const candidates = process.platform === 'darwin' ? ['/usr/lib/libSystem.B.dylib'] : ['libc.so.6', 'libdl.so.2'];
  const rtldDefault = process.platform === 'darwin' ? -2 : 0;
  for (const name of candidates) {
    try {
      const fn = k.value.load(name).func('uintptr_t dlsym(intptr_t handle, const char *name)') as Dlsym;
      dlsym = (_handle, symbol) => fn(rtldDefault, symbol);
      break;
    } catch {
      // try the next library
    }
  }
  return dlsym;
}

/**
 * Names that glibc defines only under a non-default ("compat") version at the first version index,
 * e.g. `step@GLIBC_2.2.5`: dlsym(RTLD_DEFAULT) does not return them, yet an unversioned PLT
 * reference binds to them (glibc's check_match accepts hidden versions with index ≤ 2). That is
 * exactly the `step` crash of ARCHITECTURE.md §8. Built once from the shared objects mapped into the
 * process (/proc/self/maps), leaving out JIT libraries and `.node` add-ons.
 */
function getCompatNames(): Set<string> {
  if (compatNames !== undefined) return compatNames;
  compatNames = new Set();
  if (process.platform !== 'linux') return compatNames;
  let maps: string;
  try {
    maps = readFileSync('/proc/self/maps', 'utf8');
  } catch {
    return compatNames;
  }
  const paths = new Set<string>();
  for (const line of maps.split('\n')) {
    const slash = line.indexOf('/');
    if (slash < 0) continue;
    const path = line.slice(slash);
    if (/\.so(\.\d+)*$/.test(path) && !ownPaths.has(path)) paths.add(path);
  }
  for (const path of paths) {
    try {
      const parsed = readElfDynamicSymbols(readFileSync(path));
      if (!parsed.ok) continue;
      for (const s of parsed.value.symbols) if (s.hiddenVersion && s.versionIndex <= 2) compatNames.add(s.name);
    } catch {
      // unreadable mapping: skip
    }
  }
  return compatNames;
}

/**
 * True when `name` is resolvable in the process's global scope: `dlsym(RTLD_DEFAULT, name)` through
 * koffi (libc on glibc ≥ 2.34, else libdl), plus glibc's compat-only symbols that a PLT call can
 * still bind to (see above). `exp`, `printf` and `step` are found; `sf_abc_run` is not (JIT libraries
 * are loaded RTLD_LOCAL). Libraries loaded into the process after the first call are seen by dlsym
 * but not by the compat scan.
 */
export function isGlobalSymbol(name: string): boolean {
  const fn = getDlsym();
  if (fn !== null) {
    const address = fn(0, name);
    if (address !== 0 && address !== 0n) return true;
  }
  return getCompatNames().has(name);
}
