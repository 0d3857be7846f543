// Vitest global setup for the PostgreSQL pass: builds the import worker (as
// the SQLite pass does), then one template database, migrated and seeded as
// the server does it, which every test copies (tests/support/pg-databases.ts).
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { adminClient, TEMPLATE_KEY, urlFor } from './pg-databases';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  execSync('npm run --silent build:workers', { cwd: root, stdio: 'inherit' });
  const name = `factcheck_template_${randomBytes(6).toString('hex')}`;
  const admin = adminClient();
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  await admin.end();
  // Migrated and seeded by the app's own code, in a child process: this one has no `server-only` alias.
  execSync(`node --conditions=react-server --import tsx tests/support/pg-migrate.mts`, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: urlFor(name) },
  });
  project.provide(TEMPLATE_KEY, name);
  return async () => {
    const sql = adminClient();
    await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await sql.end();
  };
}
