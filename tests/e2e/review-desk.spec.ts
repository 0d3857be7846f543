// The review desk at speed: review mode with "Approve and next", several
// annotations approved at once (the refused one named), counts and filters in
// the list, Save that keeps the panel and its discussion, and Save in view at
// 200% zoom.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { anchorOf, annotationInput, importArticle, mustMutate } from './api';
import { editor, expectAllSaved, selectInArticle, startReviewing } from './helpers';

const EVIDENCE = [{ url: 'https://stats.example/harbour-2026', title: 'Harbour statistics' }];

const HARBOUR = [
  'Harbour authority reports a record year',
  'The harbour handled twelve million tonnes of cargo last year, its director said.',
  'Cruise visits doubled compared with the year before.',
  'The new crane cut unloading times by half.',
  'Fishing landings were the highest in two decades.',
  'The authority said every berth is now in use.',
  'Dredging kept the channel open through the whole winter.',
].join('\n\n');
const CLAIMS = [
  'twelve million tonnes of cargo',
  'Cruise visits doubled',
  'cut unloading times by half',
  'the highest in two decades',
  'every berth is now in use',
];

/** The harbour article with an annotation by the admin on each claim, submitted for review; `bare` ones have no evidence. */
async function harbourInReview(request: APIRequestContext, bare: string[] = []): Promise<{ id: number; ids: Map<string, string> }> {
  const { id, doc } = await importArticle(request, { text: HARBOUR });
  const ids = new Map<string, string>();
  for (const exact of CLAIMS) {
    const input = annotationInput(id, anchorOf(doc, exact), {
      verdict: 'mostly-false',
      rationale: `The port's own figures say otherwise about “${exact}”.`,
      evidence: bare.includes(exact) ? [] : EVIDENCE,
    });
    await mustMutate(request, 'annotation.create', input);
    ids.set(exact, input.id);
  }
  // Submitted together, as the list's "Submit selected" does: one step each, all through.
  const submitted = await mustMutate<{ done: unknown[]; refused: unknown[] }>(request, 'annotation.submitMany', { ids: [...ids.values()] });
  expect(submitted.refused).toEqual([]);
  return { id, ids };
}

/** The desk's editor (made by the first-run test) in a browser of their own. */
async function editorPage(browser: Browser, viewport = { width: 1366, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ storageState: process.env.E2E_EDITOR_STATE, viewport });
  return context.newPage();
}

const list = (page: Page) => page.getByRole('region', { name: 'Annotations' });
const reviewHeading = (page: Page) => page.getByRole('heading', { name: 'Review annotation' });
const panelQuote = (page: Page) => page.getByRole('complementary').locator('.review-read blockquote');

async function expectNoSeriousViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`);
  expect(serious, `axe on ${what}`).toEqual([]);
}

test('an editor reviews three annotations in a row with “Approve and next”, the buttons in view each time', async ({
  browser,
  request,
}) => {
  test.slow();
  const { id, ids } = await harbourInReview(request);
  const page = await editorPage(browser);
  for (const exact of CLAIMS.slice(3)) {
    // Only the first three wait: the editor approved the other two already.
    await mustMutate(page.request, 'annotation.approve', { id: ids.get(exact) });
  }
  await page.goto(`/articles/${id}`);
  await startReviewing(page);
  await editor(page)
    .locator(`[data-annotation-id~="${ids.get(CLAIMS[0])}"]`)
    .first()
    .click();

  for (const [n, exact] of CLAIMS.slice(0, 3).entries()) {
    await expect(reviewHeading(page)).toBeVisible();
    await expect(panelQuote(page)).toHaveText(exact);
    await expect(page.getByRole('heading', { name: /^Status:/ })).toHaveText('Status: In review');
    // Read first: the rationale and evidence as text, no form.
    const review = page.getByRole('region', { name: 'Review annotation' });
    await expect(review.getByText(`about “${exact}”`)).toBeVisible();
    await expect(review.getByRole('link', { name: 'Harbour statistics' })).toBeVisible();
    await expect(page.getByRole('form', { name: /annotation/ })).toHaveCount(0);
    const approveNext = page.getByRole('button', { name: 'Approve and next' });
    // Without the test scrolling: the decision is on screen when the annotation opens.
    await expect(approveNext).toBeInViewport();
    await expect(page.getByRole('button', { name: 'Request changes', exact: true })).toBeInViewport();
    if (n === 0) await expectNoSeriousViolations(page, 'review mode');
    await approveNext.click();
  }
  await expect(page.getByText('Nothing else in this article waits for your review.')).toBeVisible();
  const listed = await (
    await page.request.get(`/api/trpc/annotation.list?input=${encodeURIComponent(JSON.stringify({ articleId: id }))}`)
  ).json();
  expect(listed.result.data.map((a: { status: string }) => a.status)).toEqual(['approved', 'approved', 'approved', 'approved', 'approved']);
  await page.context().close();
});

test('Edit switches review mode to the form, and “Request changes and next” sends one back and opens the next', async ({
  browser,
  request,
}) => {
  test.slow();
  const { id, ids } = await harbourInReview(request);
  const page = await editorPage(browser);
  await page.goto(`/articles/${id}`);
  await startReviewing(page);
  await editor(page)
    .locator(`[data-annotation-id~="${ids.get(CLAIMS[1])}"]`)
    .first()
    .click();
  await expect(panelQuote(page)).toHaveText(CLAIMS[1]);
  await page.getByRole('button', { name: 'Request changes and next' }).click();
  await page.getByRole('textbox', { name: 'Comment' }).fill('Which year is the baseline?');
  await page.getByRole('button', { name: 'Send request and next' }).click();
  await expect(panelQuote(page)).toHaveText(CLAIMS[2]);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Rationale' })).toHaveValue(/about “cut unloading times by half”/);
  await page.context().close();
});

test('an editor selects five, approves them at once, and reads which one was refused and why; the list counts and filters by status', async ({
  browser,
  request,
}) => {
  test.slow();
  const bare = CLAIMS[3];
  const { id } = await harbourInReview(request, [bare]);
  const page = await editorPage(browser);
  await page.goto(`/articles/${id}`);
  await startReviewing(page);
  const counts = list(page).locator('.status-counts');
  await expect(counts).toContainText('In review: 5');
  await expect(counts).toContainText('Approved: 0');

  // The first checkbox, then Shift+click on the fifth: all five.
  const boxes = list(page).getByRole('checkbox');
  await boxes.nth(0).check();
  await boxes.nth(4).click({ modifiers: ['Shift'] });
  await expect(list(page).getByText('5 selected')).toBeVisible();
  for (let i = 0; i < 5; i++) await expect(boxes.nth(i)).toBeChecked();
  await list(page).getByRole('button', { name: 'Approve selected' }).click();

  const result = list(page).getByRole('status');
  await expect(result).toContainText('Approved 4 of 5 annotations. 1 refused:');
  const refused = result.getByRole('list', { name: 'Refused' }).getByRole('listitem');
  await expect(refused).toHaveCount(1);
  await expect(refused).toHaveText(`“${bare}”: Cannot approve: its verdict needs at least one evidence link.`);
  // The refused one stays selected, to be fixed and tried again.
  await expect(list(page).getByText('1 selected')).toBeVisible();

  await expect(counts).toContainText('In review: 1');
  await expect(counts).toContainText('Approved: 4');
  await list(page).getByRole('combobox', { name: 'Show status' }).selectOption({ label: 'In review (1)' });
  await expect(list(page).getByRole('heading', { name: /Annotations/ })).toContainText('1 of 5 shown');
  await expect(list(page).getByRole('button', { name: /^“/ })).toHaveCount(1);
  await expect(list(page).getByRole('button', { name: /^“/ })).toContainText(bare);
  await list(page).getByRole('combobox', { name: 'Show status' }).selectOption({ label: 'Approved (4)' });
  await expect(list(page).getByRole('button', { name: /^“/ })).toHaveCount(4);
  await list(page).getByRole('combobox', { name: 'Show rating' }).selectOption({ label: 'False' });
  await expect(list(page).getByText('None match the filter.')).toBeVisible();
  // Status at a glance in the article: approved claims are drawn solid, the one still in review marked as such.
  await expect(editor(page).locator('.verdict-badge.s-approved')).toHaveCount(4);
  await expect(editor(page).locator('.verdict-badge.s-in_review')).toHaveCount(1);
  await page.context().close();
});

test('Save keeps the annotation and its discussion open; Escape closes it', async ({ page, request }) => {
  const { id } = await importArticle(request, { text: HARBOUR });
  await page.goto(`/articles/${id}`);
  await startReviewing(page);
  await selectInArticle(page, 'Dredging kept the channel open');
  await page.getByRole('button', { name: 'Annotate selection' }).click();
  await page.getByLabel('Verdict', { exact: true }).selectOption({ label: 'Unverifiable' });
  await page.getByRole('textbox', { name: 'Rationale' }).fill('No dredging log is public.');
  await page.getByRole('button', { name: 'Save annotation' }).click();
  await expectAllSaved(page);
  // Still open, now on the saved annotation, with its discussion.
  await expect(page.getByRole('heading', { name: 'Edit annotation' })).toBeVisible();
  const thread = page.getByRole('region', { name: 'Discussion' });
  await expect(thread).toBeVisible();
  await page.getByRole('combobox', { name: 'Reply' }).fill('Asked the harbour master for the log.');
  await page.getByRole('button', { name: 'Post reply' }).click();
  await expect(thread.getByRole('listitem')).toHaveCount(1);
  // Fix → save → the discussion is still there, and so is the reply.
  await page.getByRole('textbox', { name: 'Rationale' }).fill('No dredging log is public; the harbour master has been asked.');
  await page.getByRole('button', { name: 'Save annotation' }).click();
  await expectAllSaved(page);
  await expect(thread).toContainText('Asked the harbour master for the log.');
  await expect(page.getByRole('textbox', { name: 'Rationale' })).toHaveValue(/has been asked/);
  await page.getByRole('textbox', { name: 'Rationale' }).press('Escape');
  await expect(page.getByRole('button', { name: 'Save annotation' })).toBeHidden();
  await expect(thread).toBeHidden();
});

test.describe('at 200% zoom', () => {
  // 1366×900 at 200%: the page lays out in 683×450 CSS pixels.
  test.use({ viewport: { width: 683, height: 450 } });

  test('the annotation sheet shows Save without scrolling when it opens', async ({ page, request }) => {
    const { id } = await importArticle(request, { text: HARBOUR });
    await page.goto(`/articles/${id}`);
    await startReviewing(page);
    await selectInArticle(page, 'Fishing landings were the highest');
    await page.getByRole('button', { name: 'Annotate selection' }).click();
    await expect(page.getByLabel('Verdict', { exact: true })).toBeFocused();
    await expect(page.getByRole('button', { name: 'Save annotation' })).toBeInViewport({ ratio: 1 });
  });
});
