import { createCallerFactory, router } from '../trpc';
import { accountRouter } from './account';
import { annotationRouter } from './annotation';
import { articleRouter } from './article';
import { commentRouter } from './comment';
import { exportRouter } from './export';
import { liveRouter } from './live';
import { notificationRouter } from './notification';
import { peopleRouter } from './people';
import { presenceRouter } from './presence';
import { publishRouter } from './publish';
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
  live: liveRouter,
  presence: presenceRouter,
  notification: notificationRouter,
  search: searchRouter,
  queue: queueRouter,
  publish: publishRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
