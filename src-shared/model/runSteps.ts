/**
 * How many time steps a `run(duration)` takes (BRIAN2_SEMANTICS.md §1; C60). Brian2's
 * `Clock.set_interval` turns both ends of the run into time steps with `_calc_timestep`: the
 * nearest step when it is within 1e-4·dt of the time, else the next one up. Rounding `duration/dt`
 * alone would make `run(250*dt)` one step short or long when the product is not exact.
 */

/** Brian2's `Clock._calc_timestep(t)`: `round(t/dt)` when within 1e-4·dt of `t`, else `ceil(t/dt)`. */
export function timestepAt(t: number, dt: number): number {
  const nearest = Math.round(t / dt);
  return nearest * dt === t || Math.abs(nearest * dt - t) <= 1e-4 * dt ? nearest : Math.ceil(t / dt);
}

/** Steps of a run of `duration` seconds starting at step `startStep` (0 for a first run). */
export function runStepCount(duration: number, dt: number, startStep = 0): number {
  const start = startStep * dt;
  return Math.max(0, timestepAt(start + duration, dt) - timestepAt(start, dt));
}
