/**
 * Model IRs of the seed's Quick Start and the two-network demo: used by tests and by the sim host's idle warm-up.
 */
import type { ModelIR } from '../../src-shared/model';

const DIMENSIONLESS = [0, 0, 0, 0, 0, 0, 0] as const;
const SECOND = [0, 0, 1, 0, 0, 0, 0] as const;

/** The Quick Start: 100 neurons, dv/dt = (-v + I)/tau, dt = 0.1 ms, tau = 10 ms, I = 1, v(0) = 0. */
export function quickStartIR(overrides: Partial<ModelIR> = {}): ModelIR {
  return {
    name: 'quickstart',
    dt: 1e-4,
    duration: 0.1,
    groups: [
      {
        name: 'neurons',
        N: 100,
        equations: 'dv/dt = (-v + I) / tau : 1',
        equationsOffset: 0,
        method: 'euler',
        namespace: { tau: { value: 0.01, dim: SECOND }, I: { value: 1, dim: DIMENSIONLESS } },
        initial: [{ variable: 'v', value: 0 }],
      },
    ],
    monitors: [{ name: 'monitor', source: 'neurons', variables: ['v'], record: [0, 50, 99] }],
    ...overrides,
  };
}

/** One of the seed's side-by-side networks: dv/dt = -v/tau with v(0) = 1. */
export function decayIR(name: string): ModelIR {
  return {
    name,
    dt: 1e-4,
    duration: 0.1,
    groups: [
      {
        name: 'neurons',
        N: 100,
        equations: 'dv/dt = -v/tau : 1',
        equationsOffset: 0,
        method: 'euler',
        namespace: { tau: { value: 0.01, dim: SECOND } },
        initial: [{ variable: 'v', value: 1 }],
      },
    ],
    monitors: [{ name: 'monitor', source: 'neurons', variables: ['v'], record: [0] }],
  };
}
