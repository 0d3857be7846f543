// Who am I, first-run setup and joining through an invite: the only
// procedures a signed-out visitor may call.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { acceptInviteInput, inviteTokenSchema, setupInput } from '../domain/people.types';
import { createPasswordUser, DESK_TAKEN, signInInto } from '../auth/accounts';
import { renamePerson } from '../auth/names';
import { forgetSetupToken, SETUP_TOKEN_NEEDED, setupAllowed, setupTokenSchema } from '../auth/setup-token';
import { claimInvite, countUsers, inviteState, releaseInvite } from '../services/people';
import { openProcedure, router, signedInProcedure } from '../trpc';

export const accountRouter = router({
  me: openProcedure.query(({ ctx }) => ({ user: ctx.user, setupNeeded: ctx.setupNeeded })),

  /** First run: the first account is an admin, and is signed in. Refused once anyone has an account. */
  setup: openProcedure.input(setupInput.extend({ setupToken: setupTokenSchema })).mutation(async ({ ctx, input }) => {
    const { setupToken, ...person } = input;
    if ((await countUsers(ctx.db)) > 0) throw new TRPCError({ code: 'FORBIDDEN', message: DESK_TAKEN });
    // Without a public URL, a peer on the network sending `Host: localhost` must not claim a fresh desk.
    if (!setupAllowed(ctx.headers, ctx.origin, setupToken)) throw new TRPCError({ code: 'FORBIDDEN', message: SETUP_TOKEN_NEEDED });
    // Two visitors on a fresh desk (on one app process or two) may both get this far: the account is made only if
    // nobody has one yet, checked again in the transaction that makes it (behind the people lock).
    await createPasswordUser(ctx.db, { ...person, role: 'admin' }, { onlyIfFirst: true });
    forgetSetupToken();
    await signInInto(ctx.db, ctx.headers, ctx.resHeaders, input.email, input.password);
    return { ok: true as const };
  }),

  /** One's own name, within the desk's rules (not empty, not too long, nobody else's); recorded in the history. */
  rename: signedInProcedure
    .input(z.object({ name: z.string().max(10_000) }))
    .mutation(async ({ ctx, input }) => await renamePerson(ctx.db, ctx.user, ctx.user.id, input.name)),

  /** What an invite link offers, or why it no longer works. */
  invite: openProcedure
    .input(z.object({ token: inviteTokenSchema }))
    .query(async ({ ctx, input }) => await inviteState(ctx.db, input.token)),

  acceptInvite: openProcedure.input(acceptInviteInput).mutation(async ({ ctx, input }) => {
    const { email, role } = await claimInvite(ctx.db, input.token);
    try {
      await createPasswordUser(ctx.db, { name: input.name, email, password: input.password, role });
    } catch (error) {
      await releaseInvite(ctx.db, input.token);
      throw error;
    }
    await signInInto(ctx.db, ctx.headers, ctx.resHeaders, email, input.password);
    return { ok: true as const, role };
  }),
});
