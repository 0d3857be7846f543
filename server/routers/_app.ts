import { createCallerFactory, router } from '../trpc';
import { accountRouter } from './account';
import { annotationRouter } from './annotation';
import { articleRouter } from './article';
import { commentRouter } from './comment';
import { exportRouter } from './export';
import { peopleRouter } from './people';
import { queueRouter } from './queue';
import { searchRouter } from './search';
import { settingsRouter } from './settings';
import { verdictRouter } from './verdict';

export const appRouter = router({
  account: accountRouter,
  article: articleRouter,
  annotation: annotationRouter,
  comment: commentRouter,
  export: exportRouter,
  verdict: verdictRouter,
  settings: settingsRouter,
  people: peopleRouter,
  search: searchRouter,
  queue: queueRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
