// The integration tests (and the unit tests that open a database) on
// PostgreSQL: `TEST_DATABASE_URL=postgres://… npm run test:pg`. Every test
// gets its own database, copied from a template migrated once per run
// (tests/support/pg-template.ts); the app code sees DATABASE_URL naming
// PostgreSQL, so its schema is built for it (db/dialect.ts).
import { defineConfig } from 'vitest/config';
import base from './vitest.config.mts';

if (!/^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL ?? '')) {
  throw new Error('TEST_DATABASE_URL must name a PostgreSQL server (postgres://user@host:port/database)');
}
process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['tests/integration/**/*.test.ts', 'tests/unit/sign-in-limits.test.ts', 'tests/unit/schema-dialects.test.ts'],
    globalSetup: ['tests/support/pg-template.ts'],
  },
});
