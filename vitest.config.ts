import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Several tests start real child processes (tsx scripts, a pipe reader) and local servers; on a
    // busy 2-core machine a tsx start alone can take seconds, so vitest's 5 s default is too tight.
    testTimeout: 30_000,
  },
});
