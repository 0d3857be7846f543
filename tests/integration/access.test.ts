// The access matrix: every procedure of the router, who may call it, and what
// everyone else gets. A new procedure fails here until it is added to ACCESS,
// which is the written decision of who may call it.
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atLeast, REFUSALS, ROLES, type Role } from '@/server/domain/roles';
import { appRouter } from '@/server/routers/_app';
import { SIGN_IN_REQUIRED, type Access } from '@/server/trpc';
import { freshCaller, type Caller } from './helpers';

const ACCESS: Record<string, Access> = {
  'account.me': 'open',
  'account.setup': 'open',
  'account.invite': 'open',
  'account.acceptInvite': 'open',
  'account.rename': 'viewer',

  'article.list': 'viewer',
  'article.byId': 'viewer',
  'article.page': 'viewer',
  'article.document': 'viewer',
  'article.title': 'viewer',
  'article.revision': 'viewer',
  'article.revisionPage': 'viewer',
  'article.revisions': 'viewer',
  'article.history': 'viewer',
  'article.readiness': 'viewer',
  'article.import': 'reviewer',
  'article.importFile': 'reviewer',
  'article.inspectFile': 'reviewer',
  'article.updateFromFile': 'reviewer',
  'article.importUrl': 'reviewer',
  'article.update': 'reviewer',
  'article.updateDetails': 'reviewer',
  'article.delete': 'editor',
  'article.restore': 'editor',
  'article.deletedList': 'editor',

  'annotation.list': 'viewer',
  'annotation.index': 'viewer',
  'annotation.details': 'viewer',
  'annotation.changes': 'viewer',
  'annotation.cursor': 'viewer',
  'annotation.create': 'reviewer',
  'annotation.update': 'reviewer',
  'annotation.delete': 'reviewer',
  'annotation.reattach': 'reviewer',
  'annotation.confirmAnchor': 'reviewer',
  'annotation.answerVerdictQuestion': 'reviewer',
  'annotation.importCollection': 'reviewer',
  'annotation.restore': 'reviewer',
  'annotation.submit': 'reviewer',
  'annotation.approve': 'editor',
  'annotation.submitMany': 'reviewer',
  'annotation.approveMany': 'editor',
  'annotation.requestChanges': 'editor',
  'annotation.history': 'viewer',
  'annotation.restoreVersion': 'editor',
  'annotation.discardVersion': 'reviewer',

  'comment.list': 'viewer',
  'comment.create': 'viewer',
  'comment.edit': 'viewer',
  'comment.delete': 'viewer',
  'comment.resolve': 'editor',
  'comment.mentions': 'viewer',
  'comment.people': 'viewer',

  'export.html': 'viewer',
  'export.json': 'viewer',
  'export.webAnnotations': 'viewer',

  'verdict.list': 'viewer',

  'settings.get': 'admin',
  'settings.save': 'admin',

  'people.list': 'admin',
  'people.invite': 'admin',
  'people.invites': 'admin',
  'people.revokeInvite': 'admin',
  'people.setRole': 'admin',
  'people.removeAccess': 'admin',
  'people.rename': 'admin',

  // The live desk: streams are reads, presence and notifications concern only the person asking.
  'live.article': 'viewer',
  'presence.heartbeat': 'viewer',
  'presence.editing': 'viewer',
  'presence.leave': 'viewer',
  'notification.list': 'viewer',
  'notification.unreadCount': 'viewer',
  'notification.markRead': 'viewer',
  'notification.markAllRead': 'viewer',
  'notification.live': 'viewer',

  'search.checks': 'viewer',
  'search.facets': 'viewer',
  'search.checkedBefore': 'reviewer',

  'queue.mine': 'viewer',
  'queue.assignee': 'viewer',
  'queue.assignees': 'reviewer',
  'queue.assign': 'reviewer',
  'queue.assignMany': 'reviewer',

  // Publishing is an editor's act; anyone signed in sees whether and where an article is published.
  'publish.status': 'viewer',
  'publish.saveFraming': 'editor',
  'publish.publish': 'editor',
  'publish.unpublish': 'editor',
};

/** Once anyone has an account, setup refuses everyone with this, whatever their role: that is not a role refusal. */
const SETUP_DONE = /already has an account/;

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; meta?: { access?: Access } };
}
const PROCEDURES = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;

type CallerRole = Role | null;
const CALLERS: CallerRole[] = [null, ...ROLES];
const label = (role: CallerRole) => role ?? 'signed out';

/** Deliberately wrong inputs: a refused caller must hear about their role, never about the input. */
const BAD_INPUTS: [string, unknown][] = [
  ['{}', {}],
  ['a string', 'not an object'],
];

function allowed(access: Access, role: CallerRole): boolean {
  if (access === 'open') return true;
  return role !== null && atLeast(role, access);
}

async function outcome(caller: Caller, path: string, input: unknown): Promise<unknown> {
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  return fn(input).then(
    () => null,
    (error: unknown) => error,
  );
}

let ctx: Awaited<ReturnType<typeof freshCaller>>;
beforeAll(async () => {
  ctx = await freshCaller();
});
afterAll(() => ctx.cleanup());

describe('the access table', () => {
  it('names every procedure of the router, and nothing else', () => {
    const inRouter = Object.keys(PROCEDURES).sort();
    const inTable = Object.keys(ACCESS).sort();
    expect(
      inRouter.filter((path) => !(path in ACCESS)),
      'procedures without an access decision in ACCESS',
    ).toEqual([]);
    expect(
      inTable.filter((path) => !(path in PROCEDURES)),
      'ACCESS entries the router does not have',
    ).toEqual([]);
  });

  it.each(Object.keys(PROCEDURES))('%s declares the access the table gives it', (path) => {
    const meta = PROCEDURES[path]._def.meta;
    expect(meta?.access, `${path} has no meta.access: build it from openProcedure, signedInProcedure or roleProcedure`).toBeDefined();
    expect(['open', ...ROLES]).toContain(meta!.access);
    expect(meta!.access, path).toBe(ACCESS[path]);
  });

  it('has only queries and mutations, and subscriptions for the live streams', () => {
    for (const [path, procedure] of Object.entries(PROCEDURES)) {
      expect(['query', 'mutation', 'subscription'], path).toContain(procedure._def.type);
    }
    expect(
      Object.keys(PROCEDURES)
        .filter((path) => PROCEDURES[path]._def.type === 'subscription')
        .sort(),
    ).toEqual(['live.article', 'notification.live']);
  });
});

describe.each(Object.keys(PROCEDURES))('%s', (path) => {
  const access = ACCESS[path] as Access | undefined;

  it.each(CALLERS.map((role) => [label(role), role] as const))('as %s', async (_name, role) => {
    if (!access) expect.fail(`${path} is missing from ACCESS`);
    for (const [inputName, input] of BAD_INPUTS) {
      const error = await outcome(ctx.as(role), path, input);
      const where = `${path} as ${label(role)} with ${inputName}`;
      if (!allowed(access, role)) {
        expect(error, `${where}: expected a refusal`).toBeInstanceOf(TRPCError);
        const refusal = error as TRPCError;
        if (role === null) {
          expect(refusal.code, where).toBe('UNAUTHORIZED');
          expect(refusal.message, where).toBe(SIGN_IN_REQUIRED);
        } else {
          expect(refusal.code, where).toBe('FORBIDDEN');
          expect(refusal.message, where).toBe(REFUSALS[access as Exclude<Role, 'viewer'>]);
        }
        // The role is checked before the input is read: nothing in the answer describes the input.
        expect(refusal.cause, where).not.toBeInstanceOf(ZodError);
        expect(refusal.message, where).not.toMatch(/expected|invalid|required|received|undefined/i);
      } else if (error !== null) {
        expect(error, `${where}: ${String(error)}`).toBeInstanceOf(TRPCError);
        const code = (error as TRPCError).code;
        if (path === 'account.setup' && code === 'FORBIDDEN') {
          expect((error as TRPCError).message).toMatch(SETUP_DONE);
        } else {
          expect(
            ['UNAUTHORIZED', 'FORBIDDEN'],
            `${where}: allowed, but refused with ${code}: ${(error as TRPCError).message}`,
          ).not.toContain(code);
        }
      }
    }
  });
});

describe('open procedures', () => {
  it('answers who is asking, signed in or not', async () => {
    expect(await ctx.as(null).account.me()).toEqual({ user: null, setupNeeded: false });
    expect(await ctx.as('editor').account.me()).toMatchObject({
      user: { id: 'user-editor', name: 'Ed Editor', role: 'editor' },
      setupNeeded: false,
    });
  });

  it('refuses setup to everyone once the desk has an account, and makes no account', async () => {
    const before = (await ctx.caller.people.list()).length;
    for (const role of CALLERS) {
      const error = await outcome(ctx.as(role), 'account.setup', {
        name: 'Mallory',
        email: 'mallory@example.org',
        password: 'long enough password',
      });
      expect(error, label(role)).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code, label(role)).toBe('FORBIDDEN');
      expect((error as TRPCError).message, label(role)).toMatch(SETUP_DONE);
    }
    expect((await ctx.caller.people.list()).length).toBe(before);
  });
});
