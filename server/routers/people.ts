import { z } from 'zod';
import { renamePerson } from '../auth/names';
import { createInviteInput, removeAccessInput, setRoleInput, userIdSchema } from '../domain/people.types';
import { createInvite, listPendingInvites, listPeople, removeAccess, revokeInvite, setRole } from '../services/people';
import { roleProcedure, router } from '../trpc';

export const peopleRouter = router({
  list: roleProcedure('admin').query(({ ctx }) => listPeople(ctx.db)),
  /** The link is shown once, to the admin who made it; only its hash is stored. */
  invite: roleProcedure('admin')
    .input(createInviteInput)
    .mutation(({ ctx, input }) => {
      const invite = createInvite(ctx.db, ctx.user, input);
      return { ...invite, url: `${ctx.origin}/invite/${invite.token}` };
    }),
  /** Pending invites with their links (sealed at rest, see server/auth/invite-seal.ts), for admins only. */
  invites: roleProcedure('admin').query(({ ctx }) =>
    listPendingInvites(ctx.db).map(({ token, ...invite }) => ({ ...invite, url: token ? `${ctx.origin}/invite/${token}` : null })),
  ),
  revokeInvite: roleProcedure('admin')
    .input(z.object({ id: z.uuid({ error: 'Invite id must be a UUID' }) }))
    .mutation(({ ctx, input }) => revokeInvite(ctx.db, input.id)),
  setRole: roleProcedure('admin')
    .input(setRoleInput)
    .mutation(({ ctx, input }) => setRole(ctx.db, input.userId, input.role)),
  /** An admin renames someone, within the same rules as everyone's own name. */
  rename: roleProcedure('admin')
    .input(z.object({ userId: userIdSchema, name: z.string().max(10_000) }))
    .mutation(({ ctx, input }) => renamePerson(ctx.db, ctx.user, input.userId, input.name)),
  removeAccess: roleProcedure('admin')
    .input(removeAccessInput)
    .mutation(({ ctx, input }) => removeAccess(ctx.db, ctx.user, input.userId)),
});
