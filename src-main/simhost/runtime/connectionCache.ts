/**
 * The synapses connect code made, kept per sim-host process and reused when a network is rebuilt
 * with the same connect code (the same text: seed, sizes, offsets, constants, conditions) and the
 * same values in the state arrays that code reads. Editing a weight or a time constant then
 * rebuilds without drawing hundreds of thousands of synapses again (most of the latency from
 * "run" to the first result on tier 0), and the result is exactly what a new draw would give:
 * connect code is deterministic in its inputs, and a hit compares those inputs byte for byte.
 */
import type { HostArray } from './kernel';

/** One Synapses object's connections: source and target index per synapse, in creation order. */
export interface Connections {
  readonly pre: Int32Array;
  readonly post: Int32Array;
}

interface Entry extends Connections {
  readonly inputs: readonly Uint8Array[];
  readonly bytes: number;
}

function bytesOf(array: HostArray): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** A least-recently-used store of connections, bounded in bytes. */
export class ConnectionCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes = 64 * 2 ** 20) {}

  /**
   * The connections made earlier by `source` from the same `inputs`; undefined otherwise. The
   * arrays are the cache's own, shared by every network that gets them: never write to them
   * (copy first — fresh memory is what this cache saves: a copy of CUBA's costs ~10 ms here).
   */
  get(source: string, inputs: readonly HostArray[]): Connections | undefined {
    const entry = this.entries.get(source);
    if (entry === undefined || entry.inputs.length !== inputs.length || !entry.inputs.every((bytes, k) => sameBytes(bytes, bytesOf(inputs[k] as HostArray)))) {
      this.misses++;
      return undefined;
    }
    this.entries.delete(source);
    this.entries.set(source, entry);
    this.hits++;
    return { pre: entry.pre, post: entry.post };
  }

  /** Keeps copies of what `source` made from `inputs` (nothing when larger than the whole cache). */
  set(source: string, inputs: readonly HostArray[], connections: Connections): void {
    const copies = inputs.map((array) => bytesOf(array).slice());
    const bytes = source.length * 2 + connections.pre.byteLength + connections.post.byteLength + copies.reduce((sum, c) => sum + c.byteLength, 0);
    if (bytes > this.maxBytes) return;
    this.delete(source);
    this.entries.set(source, { pre: connections.pre.slice(), post: connections.post.slice(), inputs: copies, bytes });
    this.bytes += bytes;
    for (const [key] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(key);
    }
  }

  /** Bytes held. */
  get size(): number {
    return this.bytes;
  }

  private delete(source: string): void {
    const entry = this.entries.get(source);
    if (entry === undefined) return;
    this.entries.delete(source);
    this.bytes -= entry.bytes;
  }
}

let processCache: ConnectionCache | undefined;

/** The cache shared by every network of this process (a sim host), created on first use. */
export function processConnectionCache(): ConnectionCache {
  processCache ??= new ConnectionCache();
  return processCache;
}
