import { checkedBeforeInput, searchInput } from '../domain/search.types';
import { checkedBefore, searchChecks, searchFacets } from '../services/search';
import { roleProcedure, router, signedInProcedure } from '../trpc';

// Search reads what each role may see (the service filters by role); "Checked before" helps whoever annotates.
export const searchRouter = router({
  checks: signedInProcedure.input(searchInput).query(({ ctx, input }) => searchChecks(ctx.db, ctx.user, input)),
  facets: signedInProcedure.query(({ ctx }) => searchFacets(ctx.db)),
  checkedBefore: roleProcedure('reviewer')
    .input(checkedBeforeInput)
    .query(({ ctx, input }) => checkedBefore(ctx.db, input)),
});
