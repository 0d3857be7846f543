// Two app processes, one PostgreSQL database: a page served by process B hears,
// live, an annotation saved through process A (LISTEN/NOTIFY between them; the
// page's stream is B's). The desk, the article and the save are made through
// A's API; the page is a real one on B, in Chromium. Then presence across the
// processes: a second person's page on A and the admin's on B each list both
// people, and "<Name> is editing" reaches the other process's page.
import { expect, type Page, test } from '@playwright/test';
import { annotationInput, anchorOf, importArticle, mustMutate } from '../e2e/api';
import { ADMIN, newPerson, startReviewing } from '../e2e/helpers';

const A = `http://127.0.0.1:${process.env.E2E_PORT_A}`;
const B = `http://127.0.0.1:${process.env.E2E_PORT_B}`;
const TEXT = [
  'Harbour tunnel opens on schedule',
  'The transport minister said the harbour tunnel cost half of what the ferries cost over ten years.',
  'Commuters queued at both ends on the first morning.',
].join('\n\n');
const CLAIM = 'cost half of what the ferries cost over ten years';
const SECOND = 'Tove Tunnelwatch';

const annotations = (page: Page) => page.getByRole('region', { name: 'Annotations' });
const presence = (page: Page) => page.getByRole('list', { name: 'On this article' });

test('a change saved through one app process appears live on a page served by the other', async ({ page, playwright, browser }) => {
  test.slow();
  // A: the first account (cookies are per host, not per port, so the page on B is signed in too).
  const onA = await playwright.request.newContext({ baseURL: A });
  expect((await onA.post('/api/trpc/account.setup', { data: ADMIN })).status()).toBe(200);
  await page.context().addCookies((await onA.storageState()).cookies);
  const { id, doc } = await importArticle(onA, { title: 'Harbour tunnel', text: TEXT });

  // B serves the article's page and its live stream.
  await page.goto(`${B}/articles/${id}`);
  await startReviewing(page);
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Live');
  const list = page.getByRole('region', { name: 'Annotations' });
  await expect(list.getByRole('listitem')).toHaveCount(0);

  // A saves an annotation; B's page shows it without a reload. The stream's own recheck comes every 15 s and
  // the poll is not running (the status says Live), so arriving within 10 s is the NOTIFY between the processes.
  await mustMutate(onA, 'annotation.create', annotationInput(id, anchorOf(doc, CLAIM), { rationale: 'The audit office says two thirds.' }));
  await expect(list.getByRole('listitem')).toHaveCount(1, { timeout: 10_000 });
  await expect(list).toContainText('The audit office says two thirds.');
  await expect(page.getByRole('textbox', { name: 'Article', exact: true }).locator('[data-annotation-id]')).toHaveText(CLAIM);

  // Presence across the processes: a second person opens the article on A while the admin's page is on B.
  // Each process serves one of the two streams, so each page lists the other person only if the processes share it.
  const tove = (await newPerson(page, browser, SECOND, 'Editor')).page;
  await tove.goto(`${A}/articles/${id}`);
  await startReviewing(tove);
  await page.goto(`${B}/articles/${id}`);
  await startReviewing(page);
  for (const p of [page, tove]) {
    await expect(p.getByRole('status', { name: 'Connection' })).toHaveText('Live');
    await expect(presence(p)).toContainText(ADMIN.name);
    await expect(presence(p)).toContainText(SECOND);
  }

  // The admin (on B) opens the annotation: Tove's page (on A) says so in the row, and the other way round.
  await annotations(page)
    .getByRole('button', { name: /^“cost half/ })
    .click();
  await expect(annotations(tove)).toContainText(`${ADMIN.name} is editing`);
  await annotations(tove)
    .getByRole('button', { name: /^“cost half/ })
    .click();
  await expect(tove.getByRole('note')).toContainText(`${ADMIN.name} is editing`);
  await expect(annotations(page)).toContainText(`${SECOND} is editing`);

  // Tove leaves (her tab closes): the admin's page on B drops her at once (within the 10 s an expect waits), not
  // after the 30 s in which another process's tab expires.
  await tove.close();
  await expect(presence(page)).not.toContainText(SECOND);
  await expect(presence(page)).toContainText(ADMIN.name);
  await onA.dispose();
});
