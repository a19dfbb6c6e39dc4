import { defineConfig } from "vitest/config";

const pg = process.env.TEST_DATABASE_URL;
// In CI a missing database is a failure, never a silent skip of the PostgreSQL run.
if (process.env.CI === "true" && !pg) throw new Error("CI=true needs TEST_DATABASE_URL (PostgreSQL) for the full test run");
const shared = { testTimeout: 60_000, hookTimeout: 180_000 };

/**
 * Every test runs on embedded PGlite; with TEST_DATABASE_URL the same tests run again on
 * PostgreSQL, together with the concurrency tests that need a real server.
 */
export default defineConfig({
  test: {
    reporters: process.env.CI ? ["default"] : ["default"],
    projects: [
      {
        extends: true as const,
        test: {
          ...shared,
          name: "pglite",
          include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
          exclude: ["test/concurrency/**", "**/node_modules/**"],
          env: { VN_TEST_DRIVER: "pglite" },
        },
      },
      ...(pg
        ? [
            {
              extends: true as const,
              test: {
                ...shared,
                name: "postgres",
                include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
                exclude: ["test/browser/**", "**/node_modules/**"],
                env: { VN_TEST_DRIVER: "postgres" },
              },
            },
          ]
        : []),
    ],
  },
});
