// Re-checking after a revision: a colleague's revision changes a date inside
// an approved quote. The page open meanwhile keeps the "new revision" notice
// in sight however far it is scrolled; the open panel shows the character
// diff; approval is refused until "is the verdict still right?" is answered;
// the history records the answer.
import { expect, test } from '@playwright/test';
import { annotationInput, anchorOf, importArticle, mustMutate, signOffArticle } from './api';
import { alert, startReviewing } from './helpers';

const stamp = Date.now().toString(36);
const TITLE = `Port authority disputes the ferry figures ${stamp}`;
const DATED = 'The Harbour Courier reported on Jan. 6 that the ferry carried 1.2 million passengers last year.';
const CLAIM = 'reported on Jan. 6 that the ferry carried 1.2 million passengers';
/** Enough text below the claim that the page scrolls well past the toolbar. */
const FILLER = Array.from(
  { length: 40 },
  (_, i) => `Paragraph ${i + 1} of the background: crossings, timetables, crews and the works on the pier, told at length.`,
);
const ARTICLE = [TITLE, DATED, ...FILLER].join('\n\n');
const REVISED = [TITLE, DATED.replace('Jan. 6', 'Jan. 5'), ...FILLER].join('\n\n');

test('a revision that changes a date in an approved quote is re-checked before it is approved again', async ({
  page,
  browser,
  baseURL,
}) => {
  test.slow();
  // The admin (this page's person) checks the claim; the editor signs it off.
  const { id: articleId, doc } = await importArticle(page.request, { title: TITLE, text: ARTICLE });
  await mustMutate(
    page.request,
    'annotation.create',
    annotationInput(articleId, anchorOf(doc, CLAIM), {
      verdict: 'false',
      rationale: 'The ferry log shows 0.9 million passengers.',
      evidence: [{ url: 'https://records.example/ferry-log', title: 'Ferry log' }],
    }),
  );
  await signOffArticle(page.request, baseURL!, articleId);

  await page.goto(`/articles/${articleId}`);
  await startReviewing(page);
  await page.mouse.wheel(0, 4000);
  await expect(page.getByText('Paragraph 40 of the background')).toBeInViewport();

  // The new revision is saved elsewhere meanwhile (by the checker, so that the editor may still approve: four eyes):
  // the notice appears under the toolbar, in sight at this scroll position.
  await mustMutate(page.request, 'article.update', { articleId, text: REVISED });
  const notice = page.getByText('Another reviewer saved a new revision of this article.');
  await expect(notice).toBeInViewport();
  await page.mouse.wheel(0, -1500);
  await expect(notice).toBeInViewport();
  await page.getByRole('button', { name: 'Load it' }).click();
  await expect(notice).toBeHidden();

  // The editor opens the annotation: the panel shows what changed, character by character.
  const context = await browser.newContext({ storageState: process.env.E2E_EDITOR_STATE });
  const ed = await context.newPage();
  await ed.goto(`/articles/${articleId}`);
  await startReviewing(ed);
  await ed
    .getByRole('region', { name: 'Annotations' })
    .getByRole('button', { name: /^“reported on Jan\. 5 that the ferry/ })
    .click();
  const recheck = ed.getByRole('region', { name: 'Its quote changed in a new revision' });
  await expect(recheck.getByRole('deletion')).toHaveText('[removed: 6]');
  await expect(recheck.getByRole('insertion')).toHaveText('[added: 5]');
  await expect(recheck.getByRole('deletion')).toHaveClass(/is-figure/);
  await expect(recheck).toContainText('Numbers or dates changed: 6 → 5');

  await recheck.getByRole('button', { name: 'Confirm position' }).click();
  await expect(recheck.getByRole('button', { name: 'Confirm position' })).toBeHidden();
  // Confirming the place does not confirm the verdict: approval is refused, and the page says why.
  await ed.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(alert(ed).filter({ hasText: 'Cannot approve' })).toContainText(
    'a number or date in its quote changed in a new revision (6 → 5): answer “is the verdict still right?” first',
  );

  const question = ed.getByRole('group', { name: 'The claim’s text changed: is the verdict still right?' });
  await question.getByRole('radio', { name: 'Yes, keep False' }).check();
  await ed.getByRole('button', { name: 'Answer', exact: true }).click();
  await expect(ed.getByText('Verdict kept: False.')).toBeVisible();
  await expect(question).toBeHidden();

  await ed.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(ed.getByText('Approved: it will be published.')).toBeVisible();

  await ed.getByRole('button', { name: 'History', exact: true }).click();
  await expect(ed.getByRole('region', { name: 'History', exact: true })).toContainText(
    'Eli Editor reconsidered the verdict after the quote changed to “reported on Jan. 5 that the ferry carried 1.2 million passengers”: False still holds',
  );
  await context.close();
});
