/**
 * The machine floor for the Large LIF figure (PERFORMANCE.md §3): compiles scripts/bench/triad.cpp
 * with g++ -O3 -march=native and measures the triad bandwidth at the LIF's size (10⁶ doubles per
 * array: in the last-level cache on some machines, which is what the LIF sees too) and at a size
 * that must come from DRAM. Floor per neuron-step = 24 B (read v and I, write v) / triad bandwidth.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './common';

export const PROBE_FLAGS = ['-O3', '-march=native'];

/** One size of the probe. */
export interface ProbeSize {
  readonly elements: number;
  readonly triadGBs: number;
  readonly lifNsPerNeuronStep: number;
}

export interface ProbeResult {
  readonly flags: string;
  /** At 10⁶ elements (the Large LIF's size). */
  readonly lifSize: ProbeSize;
  /** Out of cache. */
  readonly dram: ProbeSize;
  /** 24 B / triad bandwidth at the LIF's size, ns per neuron-step. */
  readonly floorNsPerNeuronStep: number;
  readonly floorDramNsPerNeuronStep: number;
}

function runSize(binary: string, elements: number, reps: number): ProbeSize {
  const out = spawnSync(binary, [String(elements), String(reps)], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`triad probe failed: ${out.stderr}`);
  const parsed = JSON.parse(out.stdout) as ProbeSize;
  return { elements: parsed.elements, triadGBs: parsed.triadGBs, lifNsPerNeuronStep: parsed.lifNsPerNeuronStep };
}

/** Compiles and runs the probe: the LIF size, then `dramElements` doubles per array (2^25: ~3 s, 768 MB). */
export function runProbe(workDir: string, dramElements: number): ProbeResult {
  const binary = join(workDir, 'triad');
  const compiled = spawnSync('g++', [...PROBE_FLAGS, '-o', binary, join(repoRoot, 'scripts', 'bench', 'triad.cpp')], { encoding: 'utf8' });
  if (compiled.status !== 0) throw new Error(`g++ could not compile the triad probe: ${compiled.stderr || compiled.error?.message || ''}`);
  const lifSize = runSize(binary, 1_000_000, 40);
  const dram = runSize(binary, dramElements, dramElements > 1 << 24 ? 10 : 5);
  return {
    flags: PROBE_FLAGS.join(' '),
    lifSize,
    dram,
    floorNsPerNeuronStep: 24 / lifSize.triadGBs,
    floorDramNsPerNeuronStep: 24 / dram.triadGBs,
  };
}
