import { closeDatabase } from '@/db/client';
import fs from 'node:fs';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '@/db/client';
import { openAppDatabase } from '@/server/database';
import { user } from '@/db/schema';
import { DIALECT } from '@/db/dialect';
import type { Actor, Role } from '@/server/domain/roles';
import { createCaller } from '@/server/routers/_app';
import type { Context } from '@/server/trpc';

export type Caller = ReturnType<typeof createCaller>;

/** One person per role, written straight into the user table (callers need no password). */
export const PEOPLE: Record<Role, Actor & { email: string }> = {
  admin: { id: 'user-admin', name: 'Ana Reviewer', role: 'admin', email: 'ana@example.org' },
  editor: { id: 'user-editor', name: 'Ed Editor', role: 'editor', email: 'ed@example.org' },
  reviewer: { id: 'user-reviewer', name: 'Rita Reviewer', role: 'reviewer', email: 'rita@example.org' },
  viewer: { id: 'user-viewer', name: 'Vic Viewer', role: 'viewer', email: 'vic@example.org' },
};

/**
 * Sign-off as the workflow wants it: the author submits the annotation for
 * review, then an editor who is not its author approves it. The annotation
 * needs a rationale (and evidence, when its verdict asks for it) and an exact anchor.
 */
export async function signOff(
  as: (role: Role | null) => Caller,
  id: string,
  author: Role = 'admin',
  approver: Role = author === 'editor' ? 'admin' : 'editor',
) {
  await as(author).annotation.submit({ id });
  return as(approver).annotation.approve({ id });
}

export async function addPeople(db: Db, people: (Actor & { email: string })[] = Object.values(PEOPLE)): Promise<void> {
  const now = new Date();
  await db
    .insert(user)
    .values(people.map((p) => ({ id: p.id, name: p.name, email: p.email, role: p.role, createdAt: now, updatedAt: now })))
    .run();
}

export function contextFor(db: Db, actor: Actor | null, extra: Partial<Context> = {}): Context {
  return {
    db,
    user: actor,
    setupNeeded: false,
    headers: new Headers(),
    resHeaders: new Headers(),
    origin: 'http://localhost:3000',
    ...extra,
  };
}

/** Whether this run is the PostgreSQL pass (tests/vitest.pg.config.mts). */
export const ON_PG = DIALECT === 'pg';

/**
 * A fresh database, migrated and seeded as the server does it, with one
 * person per role: a SQLite file, or on the PostgreSQL pass a copy of the run's
 * template database. `caller` is the admin (named "Ana Reviewer"); `as(role)`
 * calls as another role, `as(null)` as a signed-out visitor. `file` is what
 * DATABASE_URL would hold for it (the file, or the database's URL).
 */
export async function freshCaller(options: { people?: boolean } = {}) {
  let file: string;
  let removeStore: () => void;
  if (ON_PG) {
    const { freshPgDatabase } = await import('../support/pg-databases');
    const made = await freshPgDatabase();
    file = made.url;
    removeStore = () => {
      made.drop().catch((error: unknown) => console.error('Could not drop a test database', error));
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factcheck-test-'));
    file = path.join(dir, 'test.db');
    removeStore = () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const db = await openAppDatabase(file);
  if (options.people !== false) await addPeople(db);
  const as = (role: Role | null): Caller => createCaller(contextFor(db, role ? PEOPLE[role] : null));
  return {
    caller: as('admin'),
    as,
    db,
    file,
    cleanup: () => {
      closeDatabase(db);
      removeStore();
    },
  };
}

/** `?` placeholders become PostgreSQL's `$1`, `$2`, … (no test's SQL has a `?` inside a string). */
const numbered = (text: string) => {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
};

/** Rows of a hand-written query, straight on the database (not through the services), on either dialect. */
export async function sqlAll<T = Record<string, unknown>>(db: Db, text: string, ...params: unknown[]): Promise<T[]> {
  if (db.$pg) return [...(await db.$pg.unsafe(numbered(text), params as never[]))] as T[];
  return db.$client.prepare(text).all(...params) as T[];
}

export async function sqlGet<T = Record<string, unknown>>(db: Db, text: string, ...params: unknown[]): Promise<T | undefined> {
  return (await sqlAll<T>(db, text, ...params))[0];
}

/** A statement (or several, without parameters) straight on the database. */
export async function sqlRun(db: Db, text: string, ...params: unknown[]): Promise<void> {
  if (db.$pg) {
    if (params.length) await db.$pg.unsafe(numbered(text), params as never[]);
    else await db.$pg.unsafe(text).simple();
  } else if (params.length) db.$client.prepare(text).run(...params);
  else db.$client.exec(text);
}

/**
 * A trigger that makes a write fail with `message`, to prove a transaction
 * leaves nothing behind: `timing` as SQL says it (`BEFORE INSERT`, `BEFORE UPDATE OF status`),
 * `when` a condition on NEW (or '' for always). `dropTrigger` removes it.
 */
export async function addFailingTrigger(
  db: Db,
  t: { name: string; table: string; timing: string; when?: string; message: string },
): Promise<void> {
  const message = t.message.replace(/'/g, "''");
  if (db.$pg) {
    await sqlRun(
      db,
      `CREATE FUNCTION "${t.name}_fn"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END; $$;
       CREATE TRIGGER "${t.name}" ${t.timing} ON "${t.table}" FOR EACH ROW ${t.when ? `WHEN (${t.when})` : ''} EXECUTE FUNCTION "${t.name}_fn"();`,
    );
  } else {
    await sqlRun(
      db,
      `CREATE TRIGGER ${t.name} ${t.timing} ON ${t.table} ${t.when ? `WHEN ${t.when}` : ''} BEGIN SELECT RAISE(ABORT, '${message}'); END;`,
    );
  }
}

export async function dropTrigger(db: Db, name: string, table: string): Promise<void> {
  if (db.$pg) await sqlRun(db, `DROP TRIGGER "${name}" ON "${table}"; DROP FUNCTION "${name}_fn"();`);
  else await sqlRun(db, `DROP TRIGGER ${name}`);
}

/** The tRPC error a call was refused with (the test fails if it was not refused). */
export async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'expected a refusal').toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** The Cookie header a browser would send back after these Set-Cookie headers. */
export const cookieFrom = (headers: Headers) =>
  headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
