import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["app/**/*.test.ts", "test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
    // *.pg.test.ts need PostgreSQL features (several instances on one database).
    exclude:
      process.env.DAUYS_TEST_DB === "postgres" ? ["**/node_modules/**"] : ["**/node_modules/**", "**/*.pg.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    pool: "forks",
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Integration files each start their own app and database; two at a time suits 2 cores.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
