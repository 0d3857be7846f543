// Who am I, first-run setup and joining through an invite: the only
// procedures a signed-out visitor may call.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { acceptInviteInput, inviteTokenSchema, setupInput } from '../domain/people.types';
import { createPasswordUser, signInInto } from '../auth/accounts';
import { claimFirstAdmin, releaseFirstAdmin } from '../auth/first-admin';
import { renamePerson } from '../auth/names';
import { forgetSetupToken, SETUP_TOKEN_NEEDED, setupAllowed, setupTokenSchema } from '../auth/setup-token';
import { claimInvite, countUsers, inviteState, releaseInvite } from '../services/people';
import { openProcedure, router, signedInProcedure } from '../trpc';

const ALREADY_SET_UP = 'This desk already has an account: sign in, or ask an admin for an invite';

// Creating an account awaits password hashing, so two visitors on a fresh desk could both pass the
// "nobody has an account yet" check and both become admins. Setups on one database run one after
// the other, each checking again once its turn comes; across app servers the claim in
// ../auth/first-admin.ts lets one through.
const setupsInProgress = new WeakMap<Db, Promise<unknown>>();

async function oneSetupAtATime<T>(db: Db, task: () => Promise<T>): Promise<T> {
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
  setup: openProcedure.input(setupInput.extend({ setupToken: setupTokenSchema })).mutation(async ({ ctx, input }) => {
    const { setupToken, ...person } = input;
    await oneSetupAtATime(ctx.db, async () => {
      if ((await countUsers(ctx.db)) > 0) {
        throw new TRPCError({ code: 'FORBIDDEN', message: ALREADY_SET_UP });
      }
      // Without a public URL, a peer on the network sending `Host: localhost` must not claim a fresh desk.
      if (!setupAllowed(ctx.headers, ctx.origin, setupToken)) throw new TRPCError({ code: 'FORBIDDEN', message: SETUP_TOKEN_NEEDED });
      // Another app server on the same database may be making the first account right now: one claim wins.
      if (!(await claimFirstAdmin(ctx.db))) throw new TRPCError({ code: 'FORBIDDEN', message: ALREADY_SET_UP });
      try {
        await createPasswordUser(ctx.db, { ...person, role: 'admin' });
      } catch (error) {
        await releaseFirstAdmin(ctx.db);
        throw error;
      }
      forgetSetupToken();
    });
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
