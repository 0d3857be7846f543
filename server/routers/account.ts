// Who am I, first-run setup and joining through an invite: the only
// procedures a signed-out visitor may call.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { acceptInviteInput, inviteTokenSchema, setupInput } from '../domain/people.types';
import { createPasswordUser, signInInto } from '../auth/accounts';
import { claimInvite, countUsers, inviteState, releaseInvite } from '../services/people';
import { openProcedure, router } from '../trpc';

// Creating an account awaits password hashing, so two visitors on a fresh desk could both pass the
// "nobody has an account yet" check and both become admins. Setups on one database run one after
// the other, each checking again once its turn comes (the server is one process).
const setupsInProgress = new WeakMap<Db, Promise<unknown>>();

function oneSetupAtATime<T>(db: Db, task: () => Promise<T>): Promise<T> {
  const turn = (setupsInProgress.get(db) ?? Promise.resolve()).then(task);
  setupsInProgress.set(
    db,
    turn.catch(() => undefined),
  );
  return turn;
}

export const accountRouter = router({
  me: openProcedure.query(({ ctx }) => ({ user: ctx.user, setupNeeded: ctx.setupNeeded })),

  /** First run: the first account is an admin, and is signed in. Refused once anyone has an account. */
  setup: openProcedure.input(setupInput).mutation(async ({ ctx, input }) => {
    await oneSetupAtATime(ctx.db, async () => {
      if (countUsers(ctx.db) > 0) {
        throw new TRPCError({ code: 'FORBIDDEN', message: 'This desk already has an account: sign in, or ask an admin for an invite' });
      }
      await createPasswordUser(ctx.db, { ...input, role: 'admin' });
    });
    await signInInto(ctx.db, ctx.headers, ctx.resHeaders, input.email, input.password);
    return { ok: true as const };
  }),

  /** What an invite link offers, or why it no longer works. */
  invite: openProcedure.input(z.object({ token: inviteTokenSchema })).query(({ ctx, input }) => inviteState(ctx.db, input.token)),

  acceptInvite: openProcedure.input(acceptInviteInput).mutation(async ({ ctx, input }) => {
    const { email, role } = claimInvite(ctx.db, input.token);
    try {
      await createPasswordUser(ctx.db, { name: input.name, email, password: input.password, role });
    } catch (error) {
      releaseInvite(ctx.db, input.token);
      throw error;
    }
    await signInInto(ctx.db, ctx.headers, ctx.resHeaders, email, input.password);
    return { ok: true as const, role };
  }),
});
