// Who am I, first-run setup and joining through an invite: the only
// procedures a signed-out visitor may call.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { acceptInviteInput, inviteTokenSchema, setupInput } from '../domain/people.types';
import { createPasswordUser, signInInto } from '../auth/accounts';
import { claimInvite, countUsers, inviteState, releaseInvite } from '../services/people';
import { openProcedure, router } from '../trpc';

export const accountRouter = router({
  me: openProcedure.query(({ ctx }) => ({ user: ctx.user, setupNeeded: ctx.setupNeeded })),

  /** First run: the first account is an admin, and is signed in. Refused once anyone has an account. */
  setup: openProcedure.input(setupInput).mutation(async ({ ctx, input }) => {
    if (countUsers(ctx.db) > 0) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'This desk already has an account: sign in, or ask an admin for an invite' });
    }
    await createPasswordUser(ctx.db, { ...input, role: 'admin' });
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
