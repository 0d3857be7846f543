// drizzle-kit for PostgreSQL: `npx drizzle-kit generate --config db/drizzle.pg.config.ts --name <name>`.
// The schema is the same file as SQLite's; its column helpers (db/columns.ts) build PostgreSQL
// columns when DATABASE_URL names a PostgreSQL server, so one is set before drizzle-kit loads it.
import { defineConfig } from 'drizzle-kit';

// Not db/dialect.ts's helper: importing it here would fix the dialect before this line runs.
if (!/^postgres(ql)?:\/\//i.test(process.env.DATABASE_URL ?? '')) process.env.DATABASE_URL = 'postgres://localhost/factcheck';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations-pg',
  dbCredentials: { url: process.env.DATABASE_URL as string },
});
