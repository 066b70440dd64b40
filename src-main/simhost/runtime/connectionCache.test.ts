import { describe, expect, it } from 'vitest';
import { readScript } from '../../../src-shared/script';
import { expectOk, useSimHostCore } from '../coreTestSupport';
import { ConnectionCache, processConnectionCache } from './connectionCache';
import type { SimHostCore } from './simHostCore';

let core: SimHostCore;
useSimHostCore('connections', (created) => (core = created));

const pairs = (pre: number[], post: number[]): { pre: Int32Array; post: Int32Array } => ({ pre: Int32Array.from(pre), post: Int32Array.from(post) });

describe('ConnectionCache', () => {
  it('returns what the same code made from byte-identical inputs (shared, not copied), and nothing otherwise', () => {
    const cache = new ConnectionCache();
    const input = Float64Array.from([0.5, 1.5]);
    cache.set('code A', [input], pairs([0, 1], [1, 0]));
    const hit = cache.get('code A', [Float64Array.from([0.5, 1.5])]);
    expect(Array.from(hit?.pre ?? [])).toEqual([0, 1]);
    expect(Array.from(hit?.post ?? [])).toEqual([1, 0]);
    expect(cache.get('code A', [input])?.pre).toBe(hit?.pre); // one shared array, no fresh memory
    expect(cache.get('code A', [Float64Array.from([0.5, 1.25])])).toBeUndefined();
    expect(cache.get('code B', [input])).toBeUndefined();
    expect(cache.get('code A', [])).toBeUndefined();
    input[0] = 9; // the cache kept its own copy of the inputs
    expect(cache.get('code A', [Float64Array.from([0.5, 1.5])])).toBeDefined();
  });

  it('stays within its byte limit, dropping the least recently used entries', () => {
    const cache = new ConnectionCache(2000);
    const big = (n: number): { pre: Int32Array; post: Int32Array } => ({ pre: new Int32Array(n), post: new Int32Array(n) });
    cache.set('a', [], big(100));
    cache.set('b', [], big(100));
    expect(cache.get('a', [])).toBeDefined(); // a is now the most recent
    cache.set('c', [], big(100));
    expect(cache.size).toBeLessThanOrEqual(2000);
    expect(cache.get('b', [])).toBeUndefined();
    expect(cache.get('a', [])).toBeDefined();
    expect(cache.get('c', [])).toBeDefined();
    cache.set('huge', [], big(10_000)); // larger than the cache: not kept, nothing evicted for it
    expect(cache.get('huge', [])).toBeUndefined();
    expect(cache.get('a', [])).toBeDefined();
  });
});

describe('connections across rebuilds', () => {
  const script = (weight: string, v0: string): string =>
    `from brian2 import *\nG = NeuronGroup(200, 'v : 1', threshold='v > 1', reset='v = 0')\nG.v = ${v0}\n` +
    `S = Synapses(G, G, 'w : 1', on_pre='v_post += w')\nS.connect(condition='v_pre > 0.5 and i != j', p=0.1)\nS.w = ${weight}\nrun(1*ms)\n`;
  const build = async (text: string): Promise<{ pre: number[]; post: number[] }> => {
    const ir = readScript(text).ir;
    if (ir === undefined) throw new Error('no IR');
    const id = expectOk(await core.build({ ir, tier: 'js' })).networkId;
    const read = (name: string): number[] => Array.from(expectOk(core.getArray(id, name)).values);
    const result = { pre: read('_array_S__synaptic_pre'), post: read('_array_S__synaptic_post') };
    core.dispose(id);
    return result;
  };

  it('a changed weight reuses the connections; a changed variable the condition reads draws them again', async () => {
    const v0 = '[0.25, 0.75] * 100';
    const first = await build(script('0.1', v0));
    expect(first.pre.length).toBeGreaterThan(500);
    expect(first.pre.every((i) => i % 2 === 1)).toBe(true); // v_pre > 0.5 holds for odd i only
    const hits = processConnectionCache().hits;
    const again = await build(script('0.2', v0));
    expect(processConnectionCache().hits).toBe(hits + 1);
    expect(again).toEqual(first);
    // Writing to a network's (shared) connection arrays copies them first: the cache stays intact.
    const ir = readScript(script('0.3', v0)).ir;
    if (ir === undefined) throw new Error('no IR');
    const id = expectOk(await core.build({ ir, tier: 'js' })).networkId;
    expectOk(core.setArray(id, '_array_S__synaptic_post', 0));
    expect(Array.from(expectOk(core.getArray(id, '_array_S__synaptic_post')).values).every((j) => j === 0)).toBe(true);
    core.dispose(id);
    expect(await build(script('0.4', v0))).toEqual(first);
    const swapped = await build(script('0.2', '[0.75, 0.25] * 100'));
    expect(processConnectionCache().hits).toBe(hits + 3);
    expect(swapped.pre.every((i) => i % 2 === 0)).toBe(true);
  });
});
