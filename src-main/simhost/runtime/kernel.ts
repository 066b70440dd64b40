/**
 * A kernel is one tier's compiled form of a network: the JS module (tier 0) or the native library
 * (tier 1). Both expose the same entry points over the same host arrays, in the same parameter
 * order, so the run loop does not care which one it calls and can swap them between chunks.
 */

/** A host-owned array as passed to generated code. */
export type HostArray = Float64Array | Int32Array | Uint8Array;

/** One tier's entry points. */
export interface Kernel {
  readonly tier: 'js' | 'native';
  /**
   * Calls entry point `entry` (`run`, `<group>_stateupdate`, `<monitor>_record`) with the first
   * time step, the number of steps, every host array in declaration order and the status array.
   * Returns the steps done.
   */
  invoke(entry: string, t0: number, steps: number, arrays: readonly HostArray[], status: Int32Array): number;
  /** The address of `array`'s backing store as koffi passes it; undefined on the JS tier. */
  addressOf(array: HostArray): bigint | undefined;
  /**
   * The address the generated code itself receives for `array` (it echoes its argument through
   * the library's `_address` entry point); undefined on the JS tier. Equal to `addressOf` when
   * calls are zero-copy.
   */
  addressSeenByCode(array: HostArray): bigint | undefined;
  /** Releases the library (native) or the module (JS). */
  release(): void;
}

type JsEntry = (t0: number, steps: number, status: Int32Array) => number;

function isEntryTable(value: unknown): value is Record<string, JsEntry> {
  return typeof value === 'object' && value !== null;
}

/**
 * Tier 0: evaluates the generated module (a factory expression) and binds the arrays once; binds
 * again only when an array is replaced (a monitor buffer grew).
 */
export function createJsKernel(jsSource: string, arrayNames: readonly string[]): Kernel {
  // The module text is generated from the checked AST only (ARCHITECTURE.md §13).
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating generated code is the point of tier 0
  const evaluate = new Function(`return (\n${jsSource}\n);`) as () => unknown;
  const module: unknown = evaluate();
  if (typeof module !== 'function') throw new Error('generated JS module is not a factory function');
  const factory = module as (arrays: Record<string, HostArray>) => unknown;
  let bound: readonly HostArray[] = [];
  let entries: Record<string, JsEntry> = {};
  return {
    tier: 'js',
    invoke(entry, t0, steps, arrays, status) {
      if (arrays.length !== bound.length || arrays.some((a, k) => a !== bound[k])) {
        const table: Record<string, HostArray> = {};
        arrayNames.forEach((name, k) => {
          const array = arrays[k];
          if (array !== undefined) table[name] = array;
        });
        const created: unknown = factory(table);
        if (!isEntryTable(created)) throw new Error('generated JS factory returned no entry table');
        entries = created;
        bound = [...arrays];
      }
      const fn = entries[entry];
      if (typeof fn !== 'function') throw new Error(`generated JS module has no entry point ${entry}`);
      return fn(t0, steps, status);
    },
    addressOf() {
      return undefined;
    },
    addressSeenByCode() {
      return undefined;
    },
    release() {
      entries = {};
      bound = [];
    },
  };
}
