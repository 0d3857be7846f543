import { closeDatabase } from '@/db/client';
import fs from 'node:fs';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '@/db/client';
import { openAppDatabase } from '@/server/database';
import { user } from '@/db/schema';
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

/**
 * A fresh SQLite file, migrated and seeded as the server does it, with one
 * person per role. `caller` is the admin (named "Ana Reviewer"); `as(role)`
 * calls as another role, `as(null)` as a signed-out visitor.
 */
export async function freshCaller(options: { people?: boolean } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factcheck-test-'));
  const file = path.join(dir, 'test.db');
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
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
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
