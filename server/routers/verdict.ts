import { listVerdicts } from '../services/verdicts';
import { publicProcedure, router } from '../trpc';

export const verdictRouter = router({
  list: publicProcedure.query(({ ctx }) => listVerdicts(ctx.db)),
});
