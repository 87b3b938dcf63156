// Test runner configuration: `unit` (pure code and backend against real SQLite files in temp folders)
// and `e2e` (the real renderer in Chromium through the web host). CALIPER_SKIP_E2E=1 leaves e2e out on
// machines without Chromium; CI never sets it.
import { defineConfig } from 'vitest/config';

const skipE2e = process.env.CALIPER_SKIP_E2E === '1';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      ...(skipE2e
        ? []
        : [
            {
              test: {
                name: 'e2e',
                // After the other tests, so the browser never competes with them for the two cores.
                sequence: { groupOrder: 1 },
                include: ['tests/e2e/**/*.test.ts'],
                environment: 'node',
                globalSetup: ['tests/e2e/globalSetup.ts'],
                testTimeout: 120_000,
                hookTimeout: 120_000,
                fileParallelism: false,
              },
            },
          ]),
    ],
  },
});
