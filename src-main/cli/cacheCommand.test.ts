/**
 * `spikeforge cache info|clean` through bin/spikeforge.mjs, as a user runs it, on a temporary
 * cache folder (SPIKEFORGE_CACHE_DIR) holding two entries and a stale temp folder.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheInfo } from '../../src-shared/ipc';
import { findAppRoot } from '../services/appRoot';

const run = promisify(execFile);
const bin = join(findAppRoot(), 'bin', 'spikeforge.mjs');
let dir = '';
const oldKey = 'a'.repeat(64);
const newKey = 'b'.repeat(64);

async function spikeforge(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, SPIKEFORGE_CACHE_DIR: dir, SPIKEFORGE_CACHE_MAX_MB: '64' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'spikeforge-cache-cli-'));
  for (const [key, bytes, age] of [
    [oldKey, 3000, 7_200_000],
    [newKey, 1000, 60_000],
  ] as const) {
    mkdirSync(join(dir, key));
    writeFileSync(join(dir, key, `lib-${key.slice(0, 16)}.so`), Buffer.alloc(bytes - 10));
    writeFileSync(join(dir, key, 'source.cpp'), '0123456789');
    const when = new Date(Date.now() - age);
    utimesSync(join(dir, key), when, when);
  }
  mkdirSync(join(dir, `${newKey}.tmp-4194303-deadbeef`)); // a build of a process that is gone
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('spikeforge cache', () => {
  it('info prints folder, entries, size against the cap, oldest and newest; clean empties the folder', async () => {
    const [human, json] = await Promise.all([spikeforge('cache', 'info'), spikeforge('cache', 'info', '--json')]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`cache: ${dir}`);
    expect(human.stdout).toContain('entries: 2, 3.91 KiB of 64.0 MiB');
    expect(human.stdout).toMatch(new RegExp(`oldest: ${oldKey.slice(0, 16)}… last used \\d{4}-\\d\\d-\\d\\dT`));
    expect(human.stdout).toContain(`newest: ${newKey.slice(0, 16)}…`);
    expect(human.stdout).toContain('unfinished builds: 1');
    const info = JSON.parse(json.stdout) as CacheInfo;
    expect(info).toMatchObject({ dir, entries: 2, bytes: 4000, maxBytes: 64 * 1024 * 1024, tempDirs: 1, oldest: { key: oldKey, bytes: 3000 }, newest: { key: newKey, bytes: 1000 } });

    const cleaned = await spikeforge('cache', 'clean');
    expect(cleaned.code).toBe(0);
    expect(cleaned.stdout).toContain(`cleaned ${dir}: removed 3 item(s), freed 3.91 KiB`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('rejects an unknown cache action with the usage and exit code 2', async () => {
    const result = await spikeforge('cache', 'shrink');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('spikeforge cache <info|clean>');
  });
});
