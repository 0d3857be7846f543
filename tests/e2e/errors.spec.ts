import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { alert, annotate, editor, expectAllSaved, importText, newPerson, selectInArticle, startReviewing } from './helpers';

const SHORT_ARTICLE =
  'Minister says unemployment is at a record low\n\nThe minister said 2.1 percent of adults are out of work.\n\nThe statistics office puts the figure at 4.3 percent.';

test('import refuses empty text and unknown file types with a message, and writes nothing', async ({ page }, testInfo) => {
  await page.goto('/');
  const countArticles = () => page.getByRole('region', { name: 'Articles' }).getByRole('listitem').count();
  const before = await countArticles();

  await page.getByRole('button', { name: 'Import article' }).click();
  await expect(alert(page)).toHaveText(/The article is empty/);

  const odt = testInfo.outputPath('report.odt');
  fs.writeFileSync(odt, 'not an OpenDocument file');
  await page.getByLabel('Upload file').setInputFiles(odt);
  await page.getByRole('button', { name: 'Import article' }).click();
  await expect(alert(page)).toHaveText(/Unsupported file type "\.odt"/);

  const big = testInfo.outputPath('big.txt');
  fs.writeFileSync(big, `Title\n\n${'word '.repeat(450_000)}`);
  await page.getByLabel('Upload file').setInputFiles(big);
  await page.getByRole('button', { name: 'Import article' }).click();
  await expect(alert(page)).toHaveText(/larger than 2 MB/);

  await page.reload();
  expect(await countArticles()).toBe(before);
});

test('hostile HTML is imported as text only', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await importText(
    page,
    '<h1>Headline <img src=x onerror="alert(1)" alt="with image"></h1><script>alert(2)</script><p onclick="alert(3)">Body <a href="javascript:alert(4)">link</a> and <a href="https://example.org/">good link</a>.</p><iframe src="https://example.org"></iframe><div hidden>secret junk</div>',
  );
  await expect(editor(page)).toContainText('Headline with image');
  await expect(editor(page)).toContainText('Body link and good link.');
  await expect(editor(page)).not.toContainText('secret junk');
  await expect(editor(page).locator('script, iframe, img, [onclick], [onerror]')).toHaveCount(0);
  await expect(editor(page).getByRole('link', { name: 'good link' })).toHaveAttribute('href', 'https://example.org/');
  await expect(editor(page).locator('a', { hasText: /^link$/ })).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('empty, whitespace-only and missing selections do not open the form', async ({ page }) => {
  await importText(page, SHORT_ARTICLE);
  await startReviewing(page);
  const annotateButton = page.getByRole('button', { name: 'Annotate selection' });
  await editor(page).click();
  await annotateButton.click();
  await expect(page.getByRole('button', { name: 'Save annotation' })).toBeHidden();
  await expect(page.locator('#annotate-hint')).toHaveText(/Select the text of a claim/);

  // A whitespace-only selection: the space between two words.
  await editor(page).focus();
  await page.evaluate(() => {
    const p = [...document.querySelectorAll('[aria-label="Article"] p')][0];
    const text = p.firstChild as Text;
    const range = document.createRange();
    const space = text.data.indexOf(' ');
    range.setStart(text, space);
    range.setEnd(text, space + 1);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
  });
  await annotateButton.click();
  await expect(page.getByRole('button', { name: 'Save annotation' })).toBeHidden();
  await expect(page.locator('#annotate-hint')).toHaveText(/only whitespace|Select the text/);
});

test('invalid evidence and refused saves show the message in an alert and keep what was typed', async ({ page }) => {
  await importText(page, SHORT_ARTICLE);
  await startReviewing(page);
  await selectInArticle(page, '2.1 percent of adults are out of work');
  await page.getByRole('button', { name: 'Annotate selection' }).click();
  await page.getByLabel('Verdict').selectOption({ label: 'False' });
  await page.getByRole('textbox', { name: 'Rationale' }).fill('The statistics office says 4.3 percent.');
  await page.getByRole('textbox', { name: 'Evidence URL' }).fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Add evidence' }).click();
  await expect(alert(page)).toHaveText(/Evidence URL must be an http:\/\/ or https:\/\/ address/);

  // The server checks the anchor itself: tamper with the request on its way out.
  await page.route('**/api/trpc/annotation.create', async (route) => {
    const body = JSON.parse(route.request().postData()!);
    body.anchor.exact = '9.9 percent of adults are out of work';
    await route.continue({ postData: JSON.stringify(body) });
  });
  await page.getByRole('textbox', { name: 'Evidence URL' }).fill('https://example.org/stats');
  await page.getByRole('button', { name: 'Save annotation' }).click();
  // Positions that no longer fit the article are told as what they mean to the reviewer (drafts.spec.ts has the rest).
  await expect(alert(page)).toHaveText(/The article changed since you opened it/);
  // The status line does not call that saved: the change waits for the reviewer's decision.
  await expect(page.getByRole('status').filter({ hasText: /^(All changes saved|Saving…|Not saved)/ })).toHaveText(
    'Not saved — waiting for your decision on an annotation',
  );
  // The form is back with everything the reviewer typed.
  await expect(page.getByRole('textbox', { name: 'Rationale' })).toHaveValue('The statistics office says 4.3 percent.');
  await expect(page.getByRole('link', { name: 'https://example.org/stats' })).toBeVisible();
  await page.unroute('**/api/trpc/annotation.create');

  await page.getByRole('button', { name: 'Save annotation' }).click();
  await expectAllSaved(page);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Annotations' })).toContainText('The statistics office says 4.3 percent.');
});

test('a save that fails on the network is retried until it lands', async ({ page }) => {
  await importText(page, SHORT_ARTICLE);
  await startReviewing(page);
  let failures = 0;
  await page.route('**/api/trpc/annotation.create', async (route) => {
    if (failures < 2) {
      failures++;
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  await selectInArticle(page, 'puts the figure at 4.3 percent');
  await page.getByRole('button', { name: 'Annotate selection' }).click();
  await page.getByLabel('Verdict').selectOption({ label: 'True' });
  await page.getByRole('button', { name: 'Save annotation' }).click();
  await expect(page.getByText(/Not saved — retrying/)).toBeVisible();
  await expectAllSaved(page);
  expect(failures).toBe(2);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Annotations' }).getByRole('listitem')).toHaveCount(1);
});

test('edit, delete with undo, and open annotations from the sidebar and the highlight', async ({ page }) => {
  await importText(page, SHORT_ARTICLE);
  await startReviewing(page);
  await annotate(page, { exact: 'unemployment is at a record low', verdict: 'Mostly false', rationale: 'First take.', evidence: [] });
  const sidebar = page.getByRole('region', { name: 'Annotations' });

  // Open from the sidebar and edit.
  await sidebar.getByRole('button', { name: /^“unemployment is at a record low”/ }).click();
  await expect(page.getByLabel('Verdict')).toHaveValue('mostly-false');
  await page.getByLabel('Verdict').selectOption({ label: 'False' });
  await page.getByRole('textbox', { name: 'Evidence URL' }).fill('https://example.org/one');
  await page.getByRole('textbox', { name: 'Evidence title' }).fill('One');
  await page.getByRole('button', { name: 'Add evidence' }).click();
  await page.getByRole('textbox', { name: 'Evidence URL' }).fill('https://example.org/two');
  await page.getByRole('button', { name: 'Add evidence' }).click();
  await page.getByRole('button', { name: 'Remove evidence: One' }).click();
  await page.getByRole('button', { name: 'Save annotation' }).click();
  await expectAllSaved(page);
  await expect(sidebar).toContainText('False');
  await expect(sidebar).toContainText('1 evidence link');

  // Open by clicking the highlight.
  await editor(page).locator('[data-annotation-id]').first().click();
  await expect(page.getByLabel('Verdict')).toHaveValue('false');
  await page.getByRole('button', { name: 'Delete annotation' }).click();
  await expectAllSaved(page);
  await expect(sidebar.getByRole('listitem')).toHaveCount(0);
  await expect(editor(page).locator('[data-annotation-id]')).toHaveCount(0);

  await page.getByRole('button', { name: 'Undo' }).click();
  // The Undo button leaves with its notice; focus goes to the annotation that came back, not to the top of the page.
  await expect(sidebar.getByRole('listitem').first().getByRole('button').first()).toBeFocused();
  await expectAllSaved(page);
  await page.reload();
  await expect(sidebar.getByRole('listitem')).toHaveCount(1);
  await expect(editor(page).locator('[data-annotation-id][data-verdict="false"]')).toHaveText('unemployment is at a record low');
});

test('an unknown article is a 404 page', async ({ page }) => {
  const response = await page.goto('/articles/987654');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  expect((await page.request.get('/articles/987654/export')).status()).toBe(404);
  expect((await page.request.get('/articles/abc')).status()).toBe(404);
});

test('a save the server refuses for who is asking shows its sentence once and is not retried', async ({ page, browser }) => {
  const reviewer = await newPerson(page, browser, 'Demi Demoted', 'Reviewer');
  await importText(page, SHORT_ARTICLE);
  // The reviewer's page runs on Playwright's clock, so the retry delays can be run through instead of waited out.
  await reviewer.page.clock.install();
  await reviewer.page.goto(page.url());
  await startReviewing(reviewer.page);
  let attempts = 0;
  reviewer.page.on('request', (r) => {
    if (r.url().includes('/api/trpc/annotation.create')) attempts++;
  });
  await selectInArticle(reviewer.page, '2.1 percent of adults are out of work');
  await reviewer.page.getByRole('button', { name: 'Annotate selection' }).click();
  await reviewer.page.getByLabel('Verdict').selectOption({ label: 'False' });
  await reviewer.page.getByRole('textbox', { name: 'Rationale' }).fill('Kept after a refusal.');

  // Meanwhile an admin makes them a viewer.
  await page.goto('/settings/people');
  await page.getByRole('combobox', { name: 'Role of Demi Demoted' }).selectOption({ label: 'Viewer' });
  await expect(page.getByText('Demi Demoted is now Viewer.')).toBeVisible();

  await reviewer.page.getByRole('button', { name: 'Save annotation' }).click();
  await expect(alert(reviewer.page)).toHaveText(/only reviewers, editors and admins can change articles and annotations/);
  await expect(reviewer.page.getByRole('textbox', { name: 'Rationale' })).toHaveValue('Kept after a refusal.');
  await expect(reviewer.page.getByRole('status').filter({ hasText: /could not be reached|retrying/ })).toHaveCount(0);
  // Half a minute on the page's clock: past every retry delay (0.5 to 10 s). Then one request of our own (the
  // notifications list), sent after anything those 30 s sent: once its answer is in, a retry would have been counted.
  await reviewer.page.clock.runFor(30_000);
  const listed = reviewer.page.waitForResponse((r) => r.url().includes('/api/trpc/notification.list'));
  await reviewer.page.getByRole('button', { name: /^Notifications/ }).click();
  await listed;
  expect(attempts).toBe(1);
  await reviewer.context.close();
});

test('a tRPC batch of more than ten calls is refused before any of them runs', async ({ page }) => {
  const batch = (n: number) =>
    page.request.get(`/api/trpc/${Array(n).fill('verdict.list').join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`);
  expect((await batch(10)).status()).toBe(200);
  expect((await batch(11)).status()).toBe(400);
});

test('a request body over the limit is refused before it is read, with a sentence', async ({ page }) => {
  const response = await page.request.post('/api/trpc/article.import', { data: { text: 'x'.repeat(7 * 1024 * 1024) } });
  expect(response.status()).toBe(413);
  expect((await response.json()).error).toMatchObject({
    message: expect.stringMatching(/larger than 6 MB/),
    data: { code: 'PAYLOAD_TOO_LARGE' },
  });
});
