import { describe, expect, it } from 'vitest';
import { printMathKernels } from './mathKernels';
import { printPhilox } from './philox';

type Block = (c: readonly number[], k: readonly number[]) => number[];

function loadJs(): { block: Block; rand: (seed: number, step: number, idx: number, site: number) => number } {
  const source = `${printMathKernels(new Set(['log']), 'js')}\n${printPhilox('js')}
return { block: (c, k) => { _sf_philox(c[0], c[1], c[2], c[3], k[0], k[1]); return Array.from(_sf_ph); }, rand: _sf_rand };`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs the printed generator itself
  return (new Function(source) as () => { block: Block; rand: (seed: number, step: number, idx: number, site: number) => number })();
}

describe('Philox4x32-10 (JS print)', () => {
  const { block, rand } = loadJs();
  it('matches the Random123 known-answer vectors', () => {
    const hex = (words: number[]): string[] => words.map((w) => w.toString(16).padStart(8, '0'));
    expect(hex(block([0, 0, 0, 0], [0, 0]))).toEqual(['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
    expect(hex(block([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff]))).toEqual(['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd']);
    expect(hex(block([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0]))).toEqual(['d16cfe09', '94fdcceb', '5001e420', '24126ea1']);
  });

  it('draws differ by step, neuron, call site and seed', () => {
    const base = rand(1, 10, 3, 0);
    expect(rand(1, 10, 3, 0)).toBe(base);
    for (const other of [rand(2, 10, 3, 0), rand(1, 11, 3, 0), rand(1, 10, 4, 0), rand(1, 10, 3, 1), rand(1, 10 + 2 ** 32, 3, 0)]) expect(other).not.toBe(base);
  });
});
