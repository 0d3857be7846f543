import { createCallerFactory, router } from '../trpc';
import { annotationRouter } from './annotation';
import { articleRouter } from './article';
import { verdictRouter } from './verdict';

export const appRouter = router({
  article: articleRouter,
  annotation: annotationRouter,
  verdict: verdictRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
