import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests that exercise the output cache turn it on with their own directory.
    env: { KFM_CACHE: 'off' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
