// PostgreSQL for the integration tests (tests/vitest.pg.config.mts): one
// migrated and seeded template database per run, and a fresh copy of it
// (CREATE DATABASE … TEMPLATE) for every test that asks for a database, so
// tests stay as independent as their SQLite files are. TEST_DATABASE_URL names
// the server and a database to connect to for creating the others.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';

export const TEMPLATE_KEY = 'pgTemplate';
declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
  }
}

/** The server's URL with another database name. */
export function urlFor(database: string, base = process.env.TEST_DATABASE_URL): string {
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export function adminClient(): postgres.Sql {
  return postgres(process.env.TEST_DATABASE_URL as string, { max: 1, onnotice: () => {} });
}

/** A new database copied from the run's template; `drop` removes it. */
export async function freshPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = inject(TEMPLATE_KEY);
  if (!template) throw new Error('No template database: run the PostgreSQL tests through tests/vitest.pg.config.mts');
  const name = `factcheck_test_${randomBytes(6).toString('hex')}`;
  const admin = adminClient();
  try {
    await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  return {
    url: urlFor(name),
    drop: async () => {
      const sql = adminClient();
      try {
        await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await sql.end();
      }
    },
  };
}
