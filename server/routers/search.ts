import { checkedBeforeInput, searchInput } from '../domain/search.types';
import { checkedBefore, searchChecks, searchFacets } from '../services/search';
import { roleProcedure, router, signedInProcedure } from '../trpc';

// Search reads what each role may see (the service filters by role); "Checked before" helps whoever annotates.
export const searchRouter = router({
  checks: signedInProcedure.input(searchInput).query(async ({ ctx, input }) => await searchChecks(ctx.db, ctx.user, input)),
  facets: signedInProcedure.query(async ({ ctx }) => await searchFacets(ctx.db)),
  checkedBefore: roleProcedure('reviewer')
    .input(checkedBeforeInput)
    .query(async ({ ctx, input }) => await checkedBefore(ctx.db, input)),
});
