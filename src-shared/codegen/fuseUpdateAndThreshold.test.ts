import { describe, expect, it } from 'vitest';
import { fuseUpdateAndThreshold, type GroupCode, type ScheduleEntry } from './networkCode';

const entry = (fn: string, every = 1): ScheduleEntry => ({ fn, every, when: 'groups', order: 0, name: fn });
/** The fields fuseUpdateAndThreshold reads; the rest of a GroupCode does not matter to it. */
const group = (name: string, kind: 'threshold' | 'generator' | 'none' = 'threshold'): GroupCode =>
  ({ name, ...(kind === 'threshold' ? { threshold: {} } : {}), ...(kind === 'generator' ? { threshold: {}, generator: {} } : {}) }) as unknown as GroupCode;

describe('fuseUpdateAndThreshold', () => {
  it('fuses a state update directly followed by the same group threshold, keeping the order of the rest', () => {
    const fused = fuseUpdateAndThreshold([entry('_record_M'), entry('_stateupdate_G'), entry('_threshold_G'), entry('_reset_G')], [group('G')]);
    expect(fused.schedule.map((e) => e.fn)).toEqual(['_record_M', '_update_threshold_G', '_reset_G']);
    expect(fused.groups).toEqual(['G']);
  });

  it('leaves pairs apart when anything runs between them, or the clocks differ', () => {
    const apart = [entry('_stateupdate_G'), entry('_stateupdate_H'), entry('_threshold_G'), entry('_threshold_H')];
    expect(fuseUpdateAndThreshold(apart, [group('G'), group('H')]).schedule.map((e) => e.fn)).toEqual(['_stateupdate_G', '_stateupdate_H', '_threshold_G', '_threshold_H']);
    expect(fuseUpdateAndThreshold([entry('_stateupdate_G', 5), entry('_threshold_G', 1)], [group('G')]).groups).toEqual([]);
  });

  it('never fuses a generator, a group without threshold, or a Synapses state update', () => {
    expect(fuseUpdateAndThreshold([entry('_stateupdate_P'), entry('_threshold_P')], [group('P', 'generator')]).groups).toEqual([]);
    expect(fuseUpdateAndThreshold([entry('_stateupdate_S'), entry('_threshold_S')], [group('G')]).groups).toEqual([]);
    expect(fuseUpdateAndThreshold([entry('_stateupdate_G'), entry('_reset_G')], [group('G', 'none')]).groups).toEqual([]);
  });
});
