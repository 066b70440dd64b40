/**
 * Statistics and snapshots over host arrays, for the inspector: what an array holds now, and
 * what changed between two moments of a run.
 */
import type { SnapshotDiff } from '../../../src-shared/ipc';
import type { HostArray } from './kernel';

/** min/max/mean/std and NaN/Inf counts over the finite values. */
export function computeArrayStats(array: ArrayLike<number>): { min: number; max: number; mean: number; std: number; nanCount: number; infCount: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  let finite = 0;
  let nanCount = 0;
  let infCount = 0;
  for (let k = 0; k < array.length; k++) {
    const x = array[k] as number;
    if (Number.isNaN(x)) nanCount++;
    else if (!Number.isFinite(x)) infCount++;
    else {
      finite++;
      sum += x;
      sumSq += x * x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  const mean = finite > 0 ? sum / finite : NaN;
  const variance = finite > 0 ? Math.max(0, sumSq / finite - mean * mean) : NaN;
  return { min: finite > 0 ? min : NaN, max: finite > 0 ? max : NaN, mean, std: Math.sqrt(variance), nanCount, infCount };
}

/** A copy of some arrays at one moment. */
export interface Snapshot {
  readonly id: string;
  readonly label: string;
  readonly networkId: string;
  readonly t: number;
  readonly step: number;
  readonly arrays: ReadonlyMap<string, Float64Array | Int32Array | Uint8Array>;
}

/** Copies the given arrays. */
export function takeSnapshot(id: string, label: string, networkId: string, step: number, dt: number, arrays: Iterable<[string, HostArray]>): Snapshot {
  const copies = new Map<string, Float64Array | Int32Array | Uint8Array>();
  for (const [name, array] of arrays) copies.set(name, array.slice());
  return { id, label, networkId, step, t: step * dt, arrays: copies };
}

/** Per array: how many elements changed, the largest absolute change, and the first changed indices. */
export function compareSnapshots(a: Snapshot, b: Snapshot): SnapshotDiff {
  const arrays: { name: string; changed: number; length: number; maxAbsDiff: number; firstChanged: number[] }[] = [];
  for (const [name, before] of a.arrays) {
    const after = b.arrays.get(name);
    if (after === undefined) continue;
    const length = Math.max(before.length, after.length);
    let changed = 0;
    let maxAbsDiff = 0;
    const firstChanged: number[] = [];
    for (let k = 0; k < length; k++) {
      const x = before[k];
      const y = after[k];
      const same = x === y || (Number.isNaN(x) && Number.isNaN(y));
      if (!same) {
        changed++;
        if (firstChanged.length < 10) firstChanged.push(k);
        if (x !== undefined && y !== undefined) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(y - x));
      }
    }
    arrays.push({ name, changed, length, maxAbsDiff, firstChanged });
  }
  return { a: a.id, b: b.id, arrays };
}
