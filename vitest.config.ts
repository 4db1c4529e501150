import { defineConfig } from 'vitest/config';

// Test kinds by file suffix: *.test.ts (unit and in-process integration), *.e2e.ts (real
// processes: database, subgraphs, gateway). Benchmarks (*.bench.ts) run through `npm run bench`
// (test/src/bench/main.ts), never as timed tests.
const exclude = ['**/node_modules/**', '.tools/**', 'data/**'];

export default defineConfig({
  test: {
    reporters: ['default', './test/src/reporters/summaryLine.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude,
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['**/*.e2e.ts'],
          exclude,
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Each e2e file starts its own processes; two cores do not run many at once.
          fileParallelism: false,
        },
      },
    ],
  },
});
