import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Test kinds by file suffix: *.test.ts (unit and in-process integration), *.e2e.ts (real
// processes: database, subgraphs, gateway). Benchmarks (*.bench.ts) run through `npm run bench`
// (test/src/bench/main.ts), never as timed tests.
const exclude = ['**/node_modules/**', '.tools/**', 'data/**'];
// One `graphql` for the project's sources and the CommonJS packages (Apollo), as Node loads it:
// Vite would take its ES build for sources, and a subgraph run in the test's process then fails
// `_entities` with "Cannot use GraphQLObjectType from another module or realm".
const resolve = {
  alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
};

export default defineConfig({
  test: {
    reporters: ['default', './test/src/reporters/summaryLine.ts'],
    projects: [
      {
        resolve,
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
        resolve,
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
