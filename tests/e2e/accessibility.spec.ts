// axe-core on every kind of page, in both colour schemes. Only serious and
// critical findings fail: those are the ones that stop someone from using the
// page (missing names, unreadable contrast, broken structure).
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { anchorOf, annotationInput, importArticle, mustMutate, query } from './api';
import { ADMIN, editor, startReviewing } from './helpers';

const TEXT = [
  'Council says the new tram line halved commute times',
  'The mayor said the tram line cut the average commute from forty minutes to twenty.',
  'Ridership rose by a third in the first month, the transport office reported.',
  'Opponents said fares had doubled for every passenger.',
].join('\n\n');

/** An article with annotations of several verdicts, two of them overlapping and one in the headline. */
async function annotatedArticle(request: APIRequestContext): Promise<number> {
  const { id, doc } = await importArticle(request, { text: TEXT });
  const claims: [string, string][] = [
    ['the new tram line halved commute times', 'misleading'],
    ['cut the average commute from forty minutes', 'mostly-false'],
    ['forty minutes to twenty', 'unverifiable'],
    ['Ridership rose by a third', 'true'],
    ['fares had doubled for every passenger', 'false'],
  ];
  for (const [exact, verdict] of claims) {
    await mustMutate(request, 'annotation.create', annotationInput(id, anchorOf(doc, exact), { verdict, rationale: `Checked: ${exact}.` }));
  }
  return id;
}

/**
 * Fails with every serious or critical violation's rule, help text and the elements it found. `alsoRules` switches
 * on rules axe ships but does not run by default (its experimental ones); the check fails if one of them found
 * nothing to check, so that it cannot pass by not running.
 */
async function expectNoSeriousViolations(page: Page, what: string, alsoRules: string[] = []) {
  const { violations, passes } = await new AxeBuilder({ page })
    .options({ rules: Object.fromEntries(alsoRules.map((rule) => [rule, { enabled: true }])) })
    .analyze();
  for (const rule of alsoRules) {
    expect(
      [...violations, ...passes].filter((r) => r.id === rule).flatMap((r) => r.nodes),
      `axe's ${rule} checked something on ${what}`,
    ).not.toEqual([]);
  }
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`);
  expect(serious, `axe on ${what}`).toEqual([]);
}

/** The page's own background: proves the scheme asked for is the one drawn, so the dark checks cannot pass by being light. */
const PAPER = { light: 'rgb(255, 255, 255)', dark: 'rgb(22, 25, 29)' } as const;

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} colour scheme`, () => {
    test.use({ colorScheme });

    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme });
    });

    test('the home page', async ({ page }) => {
      await page.goto('/');
      await expect(page.getByRole('heading', { name: 'Articles', level: 1 })).toBeVisible();
      await expectNoSeriousViolations(page, `the home page (${colorScheme})`);
    });

    test('the editor, with annotations and an open annotation form', async ({ page, request }) => {
      // Three runs of axe over a long page: slow on a loaded machine.
      test.slow();
      const id = await annotatedArticle(request);
      await page.goto(`/articles/${id}`);
      await startReviewing(page);
      await expect(editor(page).locator('[data-annotation-id]').first()).toBeVisible();
      await page
        .getByRole('region', { name: 'Annotations' })
        .getByRole('button', { name: /^“Ridership rose/ })
        .click();
      await expect(page.getByLabel('Verdict')).toHaveValue('true');
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(PAPER[colorScheme]);
      await expectNoSeriousViolations(page, `the editor (${colorScheme})`);
      // With the discussion's "@" list open, and then the shortcuts list.
      await page.getByRole('combobox', { name: 'Reply' }).pressSequentially('@');
      await expect(page.getByRole('listbox', { name: 'People to mention' })).toBeVisible();
      await expectNoSeriousViolations(page, `the editor with the mention list (${colorScheme})`);
      await page.getByRole('banner').getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      await expectNoSeriousViolations(page, `the shortcuts list (${colorScheme})`);
    });

    test('review mode, with what changed since the last approval', async ({ browser, request }) => {
      test.slow();
      const id = await annotatedArticle(request);
      const ids = (await query<{ id: string }[]>(request, 'annotation.list', { articleId: id })).map((a) => a.id);
      await mustMutate(request, 'annotation.submitMany', { ids });
      // The desk's editor signs off what the admin wrote: it opens as the read view with Approve at the top.
      const context = await browser.newContext({ storageState: process.env.E2E_EDITOR_STATE, colorScheme });
      const page = await context.newPage();
      await page.goto(`/articles/${id}`);
      await startReviewing(page);
      await page
        .getByRole('region', { name: 'Annotations' })
        .getByRole('button', { name: /^“Ridership rose/ })
        .click();
      const review = page.getByRole('region', { name: 'Review annotation' });
      await expect(review.getByRole('button', { name: 'Approve', exact: true })).toBeVisible();
      await expect(review.getByRole('heading', { name: 'Not approved before' })).toBeVisible();
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(PAPER[colorScheme]);
      await expectNoSeriousViolations(page, `review mode (${colorScheme})`);
      // The request-changes form opened in it too.
      await review.getByRole('button', { name: 'Request changes', exact: true }).click();
      await expect(review.getByRole('textbox', { name: 'Comment' })).toBeVisible();
      await expectNoSeriousViolations(page, `review mode asking for changes (${colorScheme})`);
      await context.close();
    });

    test('the settings page', async ({ page }) => {
      await page.goto('/settings');
      await expect(page.getByRole('button', { name: 'Save settings' })).toBeVisible();
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(PAPER[colorScheme]);
      await expectNoSeriousViolations(page, `the settings page (${colorScheme})`);
    });

    test('the people, account and mentions pages', async ({ page }) => {
      test.slow();
      // With a pending invite in its list.
      await mustMutate(page.request, 'people.invite', { email: `axe.${colorScheme}.${Date.now()}@example.org`, role: 'viewer' });
      await page.goto('/settings/people');
      await expect(page.getByRole('form', { name: 'Invite someone' })).toBeVisible();
      await expect(
        page
          .getByRole('region', { name: 'Pending invites', exact: true })
          .getByRole('button', { name: /^Revoke invite for axe\./ })
          .first(),
      ).toBeVisible();
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(PAPER[colorScheme]);
      // With a rename form open in the admin's own row.
      await page.getByRole('button', { name: `Rename ${ADMIN.name}` }).click();
      await expect(page.getByRole('textbox', { name: `New name for ${ADMIN.name}` })).toBeFocused();
      await expectNoSeriousViolations(page, `the people page (${colorScheme})`);
      await page.getByRole('banner').getByRole('link', { name: ADMIN.name }).click();
      await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
      await expectNoSeriousViolations(page, `the account page (${colorScheme})`);
      await page.goto('/mentions');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoSeriousViolations(page, `the mentions page (${colorScheme})`);
    });

    test('the sign-in page', async ({ browser }) => {
      const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, colorScheme });
      const page = await context.newPage();
      await page.goto('/sign-in');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(PAPER[colorScheme]);
      await expectNoSeriousViolations(page, `the sign-in page (${colorScheme})`);
      await context.close();
    });

    test('the exported page, with drafts', async ({ page, request }, testInfo) => {
      const id = await annotatedArticle(request);
      // The export is an attachment: the browser would download it, so open the file instead.
      const response = await request.get(`/articles/${id}/export?drafts=1`);
      expect(response.status()).toBe(200);
      const file = testInfo.outputPath('export.html');
      fs.writeFileSync(file, await response.body());
      await page.goto(`file://${file}`);
      await expect(page.locator('mark[data-annotation-id]').first()).toBeVisible();
      // Each note reference says what it shows: its visible words are part of its name (WCAG 2.5.3, label in name).
      await expect(page.getByRole('link', { name: 'Note 1: Misleading (draft)' })).toHaveText(/^\s*1\s+Misleading\s+Draft\s*$/);
      await expectNoSeriousViolations(page, `the export (${colorScheme})`, ['label-content-name-mismatch']);
    });
  });
}
