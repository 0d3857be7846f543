import { closeDatabase } from '@/db/client';
// The locked-out-desk command, run as a person would run it: a separate
// process on the app's database file.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabaseUrl } from '@/db/client';
import { authFor } from '@/server/auth/auth';
import { listPeople } from '@/server/services/people';
import { ON_PG } from './helpers';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factcheck-cli-'));
/** The app's database as DATABASE_URL names it: a file, or on the PostgreSQL pass a database of its own. */
let file = path.join(dir, 'cli.db');
let dropDatabase = async () => {};
beforeAll(async () => {
  if (!ON_PG) return;
  const { freshPgDatabase } = await import('../support/pg-databases');
  const made = await freshPgDatabase();
  file = made.url;
  dropDatabase = made.drop;
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await dropDatabase();
});

const user = (...args: string[]) =>
  run(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'server/cli/user.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: file, FACTCHECK_SKIP_SAMPLE: '1' },
  });

async function signsIn(email: string, password: string): Promise<boolean> {
  const db = await openDatabaseUrl(file);
  try {
    await (await authFor(db)).api.signInEmail({ body: { email, password }, headers: new Headers() });
    return true;
  } catch {
    return false;
  } finally {
    closeDatabase(db);
  }
}

describe('npm run user', () => {
  it('creates an admin with a generated password, resets it, and refuses bad input with a message', async () => {
    const created = await user('create-admin', '--email', 'Desk@Example.org', '--name', 'Desk Admin');
    const generated = /Password: (\S+)/.exec(created.stdout)?.[1];
    expect(generated).toBeTruthy();
    const db = await openDatabaseUrl(file);
    expect(await listPeople(db)).toEqual([expect.objectContaining({ email: 'desk@example.org', name: 'Desk Admin', role: 'admin' })]);
    closeDatabase(db);
    expect(await signsIn('desk@example.org', generated!)).toBe(true);

    await user('reset-password', '--email', 'desk@example.org', '--password', 'a-chosen-password');
    expect(await signsIn('desk@example.org', generated!)).toBe(false);
    expect(await signsIn('desk@example.org', 'a-chosen-password')).toBe(true);

    await expect(user('reset-password', '--email', 'nobody@example.org', '--password', 'whatever-it-is')).rejects.toMatchObject({
      stderr: expect.stringContaining('No account has the email'),
    });
    await expect(user('reset-password', '--email', 'desk@example.org', '--password', 'short')).rejects.toMatchObject({
      stderr: expect.stringContaining('at least 8 characters'),
    });
    await expect(user('create-admin', '--email', 'desk@example.org', '--name', 'Again')).rejects.toMatchObject({
      stderr: expect.stringContaining('already has an account'),
    });
    await expect(user('frobnicate')).rejects.toMatchObject({ stderr: expect.stringContaining('Usage:') });
  }, 180_000); // seven CLI processes, each starting tsx: about 7 s apiece on a loaded 2-core machine
});
