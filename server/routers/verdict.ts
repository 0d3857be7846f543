import { listVerdicts } from '../services/verdicts';
import { signedInProcedure, router } from '../trpc';

export const verdictRouter = router({
  list: signedInProcedure.query(async ({ ctx }) => await listVerdicts(ctx.db)),
});
