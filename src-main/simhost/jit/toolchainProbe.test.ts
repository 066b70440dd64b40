import { describe, expect, it } from 'vitest';
import { requireToolchain } from './nativeTestSupport';
import { compilerFlags, compilerIdentity, probeToolchain } from './toolchainProbe';

describe('compilerFlags', () => {
  it('follows ARCHITECTURE.md §7 per family and profile', () => {
    const common = ['-fPIC', '-shared', '-fvisibility=hidden', '-ffp-contract=off', '-std=c++17'];
    const elf = process.platform === 'darwin' ? [] : ['-Wl,-Bsymbolic', '-nostdlib'];
    expect(compilerFlags({ family: 'gnu' })).toEqual(['-O2', '-march=native', ...common, '-fno-gnu-unique', ...elf]);
    expect(compilerFlags({ family: 'clang' })).toEqual(['-O2', '-march=native', ...common, ...elf]);
    expect(compilerFlags({ family: 'gnu' }, 'debug')).toEqual(['-O0', '-g', ...common, '-fno-gnu-unique', ...elf]);
    // Identical bits with the JS tier: no fast-math, no fused multiply-add contraction.
    for (const flags of [compilerFlags({ family: 'gnu' }), compilerFlags({ family: 'clang' }, 'debug')]) {
      expect(flags).not.toContain('-ffast-math');
      expect(flags).toContain('-ffp-contract=off');
    }
  });
});

describe('probeToolchain (real compiler)', () => {
  it('finds a compiler that builds, loads and calls a library', async () => {
    const toolchain = await requireToolchain();
    expect(['gnu', 'clang']).toContain(toolchain.family);
    expect(toolchain.path.startsWith('/')).toBe(true);
    expect(toolchain.version).not.toBe('');
    const { identity } = await compilerIdentity(toolchain.path);
    expect(toolchain.identity).toBe(identity);
    expect(identity.startsWith(`${toolchain.realPath}|`)).toBe(true);
  });

  it('tries the preferred compiler first and falls back, recording why', async () => {
    const probe = await probeToolchain({ preferred: 'sf-no-such-compiler++' });
    if (!probe.ok) throw new Error(`${probe.reason}. Install one: apt-get install -y g++`);
    expect(probe.attempts[0]).toMatchObject({ command: 'sf-no-such-compiler++', reason: 'not found (ENOENT)' });
    expect(probe.toolchain.command).not.toBe('sf-no-such-compiler++');
  });

  it('honours $CXX and an absolute preferred path', async () => {
    const toolchain = await requireToolchain();
    const viaCxx = await probeToolchain({ env: { ...process.env, CXX: toolchain.path } });
    expect(viaCxx.ok && viaCxx.toolchain.command).toBe(toolchain.path);
    const viaPreferred = await probeToolchain({ preferred: toolchain.path });
    expect(viaPreferred.ok && viaPreferred.toolchain.path).toBe(toolchain.path);
  });

  it('fails fast without any compiler (ENOENT, no spawn)', async () => {
    const probe = await probeToolchain({ env: { PATH: '/sf-nonexistent-dir' } });
    expect(probe.ok).toBe(false);
    if (probe.ok) return;
    expect(probe.attempts.map((a) => a.command)).toEqual(['c++', 'g++', 'clang++']);
    expect(probe.reason).toMatch(/no working C\+\+ compiler/);
    expect(probe.ms).toBeLessThan(50);
  });

  it('rejects a $CXX with arguments instead of mis-running it', async () => {
    const probe = await probeToolchain({ env: { PATH: '/sf-nonexistent-dir', CXX: 'ccache g++' } });
    expect(probe.ok).toBe(false);
    if (probe.ok) return;
    expect(probe.attempts[0]?.reason).toMatch(/spaces/);
  });
});
