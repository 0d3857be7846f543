// Where things are on screen while working: the article holds still while
// selecting, and an opened annotation's form is beside its claim (wide) or
// in a sheet below it (phone), never a page away.
import { expect, test, type Page } from '@playwright/test';
import { anchorOf, annotationInput, importArticle, mustMutate } from './api';
import { editor, selectInArticle, startReviewing } from './helpers';

/** A long article written for this test: thirty paragraphs, the last claim at the very end. */
const PARAGRAPHS = Array.from(
  { length: 30 },
  (_, i) =>
    `Paragraph ${i + 1}. The harbour board met again to discuss the budget for the coming season, the repairs to the old sea wall and the price of a mooring for small boats.`,
);
const LAST_CLAIM = 'the tide gauge has never once recorded a flood';
const TEXT = ['Harbour board minutes, annotated', ...PARAGRAPHS, `Finally, the chair said that ${LAST_CLAIM} in forty years.`].join('\n\n');

async function longArticle(page: Page) {
  const { id, doc } = await importArticle(page.request, { text: TEXT });
  await mustMutate(
    page.request,
    'annotation.create',
    annotationInput(id, anchorOf(doc, LAST_CLAIM), { rationale: 'The gauge logged floods in 2014.' }),
  );
  await page.goto(`/articles/${id}`);
  await startReviewing(page);
}

const box = async (page: Page, locator: ReturnType<Page['locator']>) => {
  const b = await locator.boundingBox();
  expect(b, 'element has a box').not.toBeNull();
  return b!;
};

test('selecting does not move the article: the hint never changes the toolbar height', async ({ page }) => {
  await page.setViewportSize({ width: 760, height: 900 });
  await longArticle(page);
  const toolbar = page.getByRole('toolbar', { name: 'Article tools' });
  const before = { article: await box(page, editor(page)), toolbar: await box(page, toolbar) };
  await selectInArticle(page, 'The harbour board met again to discuss the budget for the coming season, the repairs to the old sea wall');
  await expect(page.locator('#annotate-hint')).toContainText('selected');
  const after = { article: await box(page, editor(page)), toolbar: await box(page, toolbar) };
  expect(after.toolbar.height).toBe(before.toolbar.height);
  expect(after.article.y).toBe(before.article.y);
});

test('wide screen: opening the last highlight keeps it in view with its form beside it', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await longArticle(page);
  const highlight = editor(page).locator('[data-annotation-id]').first();
  await highlight.scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled, 'the claim is far down the page').toBeGreaterThan(500);
  await highlight.click();
  const form = page.getByRole('form', { name: 'Edit annotation' });
  await expect(form).toBeVisible();
  // The claim stayed on screen (the page scrolls at most to bring the form up too), with the form level with it, to its right.
  expect(Math.abs((await page.evaluate(() => window.scrollY)) - scrolled)).toBeLessThan(900);
  const claim = await box(page, highlight);
  const panel = await box(page, form);
  expect(claim.y).toBeGreaterThanOrEqual(0);
  expect(claim.y + claim.height).toBeLessThanOrEqual(900);
  expect(panel.x).toBeGreaterThan(claim.x + 100);
  expect(panel.y).toBeGreaterThanOrEqual(0);
  expect(panel.y).toBeLessThan(900 - 100);
  expect(Math.abs(panel.y - claim.y)).toBeLessThan(160);
});

test('phone: the form is a sheet at the bottom and the claim stays visible above it', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await longArticle(page);
  const highlight = editor(page).locator('[data-annotation-id]').first();
  await highlight.scrollIntoViewIfNeeded();
  // Bring the claim to the lower half of the screen, where a sheet would cover it.
  await page.evaluate(() => window.scrollBy(0, -500));
  await highlight.click();
  const form = page.getByRole('form', { name: 'Edit annotation' });
  await expect(form).toBeVisible();
  const sheet = await box(page, page.locator('.annotation-panel'));
  expect(sheet.y + sheet.height).toBeLessThanOrEqual(844 + 1);
  expect(sheet.y).toBeGreaterThan(844 * 0.4);
  const claim = await box(page, highlight);
  expect(claim.y).toBeGreaterThanOrEqual(0);
  expect(claim.y + claim.height).toBeLessThanOrEqual(sheet.y);
  // The page does not scroll sideways on a phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
