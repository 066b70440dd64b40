/**
 * The clock of one chunked run: where its wall-clock time goes, for progress events and the run's
 * timing breakdown. Kept apart from the chunk loop so the arithmetic is tested with made-up times.
 *
 * - Progress rate: steps per wall-clock second between progress events (chunks plus streaming
 *   plus the pauses between chunks, i.e. what the user waits for), smoothed exponentially so one
 *   slow chunk (a garbage collection, a tier swap) does not make the ETA jump. The ETA divides the
 *   steps left by that rate.
 * - First chunk: the first chunk of a run carries the warm-up (V8 compiling the JS tier, the first
 *   native call), so it is reported on its own.
 * - Steady state: pure stepping time of the chunks on the tier the run ended on, without the first
 *   chunk on that tier; the swap from JS to native starts a new measurement.
 */
import type { RunTimings } from '../../../src-shared/ipc';

/** Weight of the newest interval in the smoothed rate. */
const SMOOTHING = 0.3;

interface Segment {
  readonly tier: 'js' | 'native';
  chunks: number;
  firstSteps: number;
  firstMs: number;
  /** Steps and ms of the chunks after the first one. */
  steps: number;
  ms: number;
}

/** Measures one run; all times in ms from `performance.now()` or an injected clock. */
export class RunClock {
  private readonly startedAt: number;
  private firstChunk: { readonly steps: number; readonly ms: number } | undefined;
  private segment: Segment | undefined;
  private lastSample: { readonly at: number; readonly done: number };
  private rate: number | undefined;

  /** @param totalSteps steps this run is asked for; @param now start time, ms. */
  constructor(
    private readonly totalSteps: number,
    now: number,
  ) {
    this.startedAt = now;
    this.lastSample = { at: now, done: 0 };
  }

  /** Records a chunk: `steps` stepped in `ms` of pure stepping on `tier`. */
  chunk(steps: number, ms: number, tier: 'js' | 'native'): void {
    this.firstChunk ??= { steps, ms };
    if (this.segment === undefined || this.segment.tier !== tier) {
      this.segment = { tier, chunks: 1, firstSteps: steps, firstMs: ms, steps: 0, ms: 0 };
      return;
    }
    this.segment.chunks++;
    this.segment.steps += steps;
    this.segment.ms += ms;
  }

  /** A progress event at `now` after `done` steps: updates the smoothed rate. */
  sample(now: number, done: number): void {
    const ms = now - this.lastSample.at;
    const steps = done - this.lastSample.done;
    if (ms <= 0 || steps <= 0) return;
    const rate = (steps * 1000) / ms;
    this.rate = this.rate === undefined ? rate : SMOOTHING * rate + (1 - SMOOTHING) * this.rate;
    this.lastSample = { at: now, done };
  }

  /** Steps per second lately (0 before the first sample). */
  recentStepsPerSecond(): number {
    return this.rate ?? 0;
  }

  /** Average steps per second since the start. */
  averageStepsPerSecond(now: number, done: number): number {
    const ms = now - this.startedAt;
    return ms > 0 ? (done * 1000) / ms : 0;
  }

  /** Wall-clock seconds until `totalSteps`, at the recent rate; 0 when done, `Infinity` before any rate is known. */
  etaSeconds(done: number): number {
    const left = Math.max(0, this.totalSteps - done);
    if (left === 0) return 0;
    const rate = this.recentStepsPerSecond();
    return rate > 0 ? left / rate : Number.POSITIVE_INFINITY;
  }

  /** The run's breakdown at its end (`now`, `done` steps, last `tier`). */
  timings(now: number, done: number, tier: 'js' | 'native'): RunTimings {
    const segment = this.segment;
    let steady = this.averageStepsPerSecond(now, done);
    if (segment !== undefined) {
      if (segment.chunks > 1 && segment.ms > 0) steady = (segment.steps * 1000) / segment.ms;
      else if (segment.firstMs > 0) steady = (segment.firstSteps * 1000) / segment.firstMs;
    }
    return {
      steps: done,
      elapsedMs: now - this.startedAt,
      firstChunkMs: this.firstChunk?.ms ?? 0,
      firstChunkSteps: this.firstChunk?.steps ?? 0,
      steadyStepsPerSecond: steady,
      tier,
    };
  }
}
