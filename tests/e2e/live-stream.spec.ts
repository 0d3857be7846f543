// One stream per page. An idle page, with an article or without, makes no
// request besides its one server-sent-events stream for a stretch of its
// clock (Playwright's), while presence and notifications still reach it on
// that stream; and a stream the network refuses hands the article page over to
// the cursor poll, which still brings a colleague's change, and the
// connection status says so.
import { randomUUID } from 'node:crypto';
import { expect, test, type BrowserContext, type Page, type Request } from '@playwright/test';
import { anchorOf, annotationInput, importArticle, mustMutate } from './api';
import { ADMIN, newPerson, startReviewing } from './helpers';

const ARTICLE = [
  'Harbour bridge reopens early',
  'The council said the bridge reopened three weeks ahead of schedule.',
  'Repairs cost four million, the council added.',
].join('\n\n');

const connection = (page: Page) => page.getByRole('status', { name: 'Connection' });
const presence = (page: Page) => page.getByRole('list', { name: 'On this article' });
const bell = (page: Page) => page.getByRole('button', { name: /^Notifications/ });

/**
 * Counts the stream's pings (every 10 s of the server's real time) through the
 * DevTools protocol. The page's clock runs tRPC's "nothing heard for 25 s"
 * timer, so the clock is paused and moved on 20 s at a time, each time after a
 * ping has reset that timer: a longer jump would make even a healthy stream reconnect.
 */
async function pings(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let heard = 0;
  cdp.on('Network.eventSourceMessageReceived', (event) => {
    if (event.eventName === 'ping') heard++;
  });
  return {
    /** Waits (in real time) for the next ping. */
    async next() {
      const before = heard;
      await expect.poll(() => heard, { timeout: 30_000 }).toBeGreaterThan(before);
    },
  };
}

/**
 * Runs a minute of the page's clock, 20 s after each ping, and returns every
 * request the page made meanwhile. Next's router prefetching a link of the
 * header once (marked `Next-Router-Prefetch`) is left out: it is the
 * navigation cache filling, not the page asking the server for news.
 */
async function idleMinute(page: Page, ping: { next(): Promise<void> }) {
  const made: Request[] = [];
  const record = (request: Request) => {
    const headers = request.headers();
    if (!headers['next-router-prefetch'] && !headers['next-router-segment-prefetch']) made.push(request);
  };
  await page.clock.pauseAt(Date.now() + 1000);
  page.on('request', record);
  for (let i = 0; i < 3; i++) {
    await ping.next();
    await page.clock.runFor(20_000);
  }
  // One more ping: the stream is still the same one, alive after the minute.
  await ping.next();
  page.off('request', record);
  await page.clock.resume();
  return made.map((r) => `${r.method()} ${new URL(r.url()).pathname}`);
}

/** A comment by the admin that mentions `name` on a fresh annotation of the article. */
async function mention(adminPage: Page, articleId: number, doc: Awaited<ReturnType<typeof importArticle>>['doc'], name: string) {
  const input = annotationInput(articleId, anchorOf(doc, 'three weeks ahead of schedule'));
  await mustMutate(adminPage.request, 'annotation.create', input);
  await mustMutate(adminPage.request, 'comment.create', { id: randomUUID(), annotationId: input.id, body: `@${name} which schedule?` });
}

test('an idle article page makes no request besides its one stream, which still brings presence and notifications', async ({
  page,
  browser,
}) => {
  test.slow();
  const quinn = await newPerson(page, browser, 'Quinn Stillwater', 'Reviewer');
  const { id: articleId, doc } = await importArticle(page.request, { text: ARTICLE });
  await quinn.page.clock.install();
  const streams: string[] = [];
  quinn.page.on('request', (r) => {
    if (r.url().includes('/api/trpc/live.') || r.url().includes('/api/trpc/notification.live')) streams.push(new URL(r.url()).pathname);
  });
  const ping = await pings(quinn.context, quinn.page);
  await quinn.page.goto(`/articles/${articleId}`);
  await startReviewing(quinn.page);
  await expect(connection(quinn.page)).toHaveText('Live');
  await expect(presence(quinn.page)).toContainText('Quinn Stillwater (you)');
  await expect(bell(quinn.page)).toHaveAccessibleName('Notifications');
  // One stream: the article's, which carries the notifications too.
  expect(streams).toEqual(['/api/trpc/live.article']);

  expect(await idleMinute(quinn.page, ping)).toEqual([]);

  // Still live on that one stream: a colleague arrives, and a mention rings the bell, with no request from this page.
  const made: string[] = [];
  quinn.page.on('request', (r) => made.push(new URL(r.url()).pathname));
  await page.goto(`/articles/${articleId}`);
  await startReviewing(page);
  await expect(presence(quinn.page)).toContainText(ADMIN.name);
  await mention(page, articleId, doc, 'Quinn Stillwater');
  await expect(bell(quinn.page)).toHaveAccessibleName('Notifications, 1 unread');
  expect(made.filter((p) => p.includes('presence') || p.includes('notification') || p.includes('live.'))).toEqual([]);

  // Presence follows the stream: the colleague's page goes, and so does their name, with no timeout to wait out.
  await page.goto('/');
  await expect(presence(quinn.page)).not.toContainText(ADMIN.name);
  expect(streams).toEqual(['/api/trpc/live.article']);
  await quinn.context.close();
});

test('an idle page without an article holds one stream, for the notifications', async ({ page, browser }) => {
  test.slow();
  const pia = await newPerson(page, browser, 'Pia Quietly', 'Reviewer');
  const { id: articleId, doc } = await importArticle(page.request, { text: ARTICLE });
  await pia.page.clock.install();
  const ping = await pings(pia.context, pia.page);
  const streams: string[] = [];
  pia.page.on('request', (r) => {
    if (r.url().includes('/api/trpc/live.') || r.url().includes('/api/trpc/notification.live')) streams.push(new URL(r.url()).pathname);
  });
  await pia.page.goto('/queue');
  await expect(bell(pia.page)).toHaveAccessibleName('Notifications');
  await expect.poll(() => streams).toEqual(['/api/trpc/notification.live']);

  expect(await idleMinute(pia.page, ping)).toEqual([]);

  await mention(page, articleId, doc, 'Pia Quietly');
  await expect(bell(pia.page)).toHaveAccessibleName('Notifications, 1 unread');
  expect(streams).toEqual(['/api/trpc/notification.live']);
  await pia.context.close();
});

test('a stream the network refuses gives way to the cursor poll: a colleague’s change still arrives, and the status says so', async ({
  page,
  browser,
}) => {
  test.slow();
  const rex = await newPerson(page, browser, 'Rex Refused', 'Reviewer');
  const { id: articleId, doc } = await importArticle(page.request, { text: ARTICLE });
  await rex.page.route('**/api/trpc/live.article**', (route) => route.abort('connectionrefused'));
  await rex.page.clock.install();
  await rex.page.goto(`/articles/${articleId}`);
  await startReviewing(rex.page);
  // EventSource retries a refused stream by itself; three failures in a row hand over to the poll.
  await expect(connection(rex.page)).toHaveText('Polling every 8 s: the live stream is unavailable', { timeout: 30_000 });
  const list = rex.page.getByRole('region', { name: 'Annotations' });
  await expect(list.getByRole('listitem')).toHaveCount(0);

  await mustMutate(
    page.request,
    'annotation.create',
    annotationInput(articleId, anchorOf(doc, 'four million'), { rationale: 'The budget says five.' }),
  );
  const polled = rex.page.waitForResponse((r) => r.url().includes(`/api/articles/${articleId}/changes`));
  await rex.page.clock.runFor(8_000);
  await polled;
  await expect(list).toContainText('The budget says five.');
  await expect(rex.page.locator('[data-annotation-id]')).toHaveText('four million');

  // The network lets the stream through again: the next try (half a minute on) takes it back.
  await rex.page.unroute('**/api/trpc/live.article**');
  await rex.page.clock.runFor(30_000);
  await expect(connection(rex.page)).toHaveText('Live');
  await rex.context.close();
});
