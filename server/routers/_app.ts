import { createCallerFactory, router } from '../trpc';
import { annotationRouter } from './annotation';
import { articleRouter } from './article';
import { settingsRouter } from './settings';
import { verdictRouter } from './verdict';

export const appRouter = router({
  article: articleRouter,
  annotation: annotationRouter,
  verdict: verdictRouter,
  settings: settingsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
