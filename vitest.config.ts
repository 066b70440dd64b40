import { defineConfig } from 'vitest/config';

// Projects follow the environments of ARCHITECTURE.md §16: shared (pure, Node without DOM),
// main (Node: sim host, services, web host), renderer (jsdom), e2e (Playwright + web host).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', environment: 'node', include: ['src-shared/**/*.test.ts'] } },
      { test: { name: 'main', environment: 'node', include: ['src-main/**/*.test.ts', 'examples/**/*.test.ts', 'scripts/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 } },
      { test: { name: 'renderer', environment: 'jsdom', include: ['src-renderer/**/*.test.{ts,tsx}'] } },
      { test: { name: 'e2e', environment: 'node', include: ['e2e/**/*.spec.ts'], testTimeout: 180_000, hookTimeout: 300_000, fileParallelism: false } },
    ],
  },
});
