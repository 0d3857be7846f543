import { z } from 'zod';
import { renamePerson } from '../auth/names';
import { createInviteInput, removeAccessInput, setRoleInput, userIdSchema } from '../domain/people.types';
import { createInvite, listPendingInvites, listPeople, removeAccess, revokeInvite, setRole } from '../services/people';
import { roleProcedure, router } from '../trpc';

export const peopleRouter = router({
  list: roleProcedure('admin').query(async ({ ctx }) => await listPeople(ctx.db)),
  /** The link is shown once, to the admin who made it; only its hash is stored. */
  invite: roleProcedure('admin')
    .input(createInviteInput)
    .mutation(async ({ ctx, input }) => {
      const invite = await createInvite(ctx.db, ctx.user, input);
      return { ...invite, url: `${ctx.origin}/invite/${invite.token}` };
    }),
  /** Pending invites with their links (sealed at rest, see server/auth/invite-seal.ts), for admins only. */
  invites: roleProcedure('admin').query(async ({ ctx }) =>
    (await listPendingInvites(ctx.db)).map(({ token, ...invite }) => ({ ...invite, url: token ? `${ctx.origin}/invite/${token}` : null })),
  ),
  revokeInvite: roleProcedure('admin')
    .input(z.object({ id: z.uuid({ error: 'Invite id must be a UUID' }) }))
    .mutation(async ({ ctx, input }) => await revokeInvite(ctx.db, input.id)),
  setRole: roleProcedure('admin')
    .input(setRoleInput)
    .mutation(async ({ ctx, input }) => await setRole(ctx.db, input.userId, input.role)),
  /** An admin renames someone, within the same rules as everyone's own name. */
  rename: roleProcedure('admin')
    .input(z.object({ userId: userIdSchema, name: z.string().max(10_000) }))
    .mutation(async ({ ctx, input }) => await renamePerson(ctx.db, ctx.user, input.userId, input.name)),
  removeAccess: roleProcedure('admin')
    .input(removeAccessInput)
    .mutation(async ({ ctx, input }) => await removeAccess(ctx.db, ctx.user, input.userId)),
});
