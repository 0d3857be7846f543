// Finding past checks: a claim checked in one article is offered again when
// a reworded claim is annotated in another ("Checked before", "Use this
// check"); search finds it by a word of its rationale and a verdict and opens
// it; "My work" shows what waits for whom, and assignment.
import { expect, test, type Page } from '@playwright/test';
import { annotate, expectAllSaved, importText, newPerson, selectInArticle, startReviewing } from './helpers';

const FIRST = [
  'Microfinance summit opens in Lisbon',
  'At the opening, the chair of Lendwell Bank said microloans have reached 500 million people in poor countries.',
  'Delegates also discussed rural internet access.',
].join('\n\n');
const SECOND = [
  'Charity gala raises funds for schools',
  'The host told guests that half a billion persons in poor countries have received microloans.',
  'The gala raised money for rural schools.',
].join('\n\n');
const EARLIER = 'microloans have reached 500 million people in poor countries';
const REWORDED = 'half a billion persons in poor countries have received microloans';
// The suite shares one database: other tests' articles talk about loans too. An invented word keeps this search to this test's checks.
const RATIONALE = 'Lendwell’s annual report counts 212 million borrowers, not 500 million, says the Quillmarsh audit.';

const openInList = (page: Page, quoteStart: string) =>
  page
    .getByRole('region', { name: 'Annotations' })
    .getByRole('button', { name: new RegExp(`^“${quoteStart}`) })
    .click();
const status = (page: Page) => page.getByRole('heading', { name: /^Status:/ });

test('checked before, search and my work', async ({ page, browser }) => {
  // Three people and two articles from start to end: one long story, given three times the usual time.
  test.slow();
  const reviewer = await newPerson(page, browser, 'Rina Reviewer', 'Reviewer');
  const editorPerson = await newPerson(page, browser, 'Eddie Editor', 'Editor');

  // The admin checks the claim in the first article.
  await importText(page, FIRST);
  const firstPath = new URL(page.url()).pathname;
  await startReviewing(page);
  await annotate(page, {
    exact: EARLIER,
    verdict: 'False',
    rationale: RATIONALE,
    evidence: [{ url: 'https://lendwell.example/annual-report', title: 'Lendwell annual report' }],
  });
  await importText(page, SECOND);
  const secondPath = new URL(page.url()).pathname;

  // The reviewer annotates the reworded claim in the second: the earlier check is offered, and copied into the form unsaved.
  const r = reviewer.page;
  await r.goto(secondPath);
  await startReviewing(r);
  await selectInArticle(r, REWORDED);
  await r.getByRole('button', { name: 'Annotate selection' }).click();
  const offered = r.getByRole('region', { name: 'Checked before' });
  await expect(offered).toContainText(EARLIER);
  await expect(offered).toContainText('Microfinance summit opens in Lisbon');
  await expect(offered).toContainText('False');
  await offered
    .getByRole('listitem')
    .filter({ hasText: 'Microfinance summit opens in Lisbon' })
    .getByRole('button', { name: 'Use this check' })
    .click();
  await expect(r.getByLabel('Verdict')).toHaveValue('false');
  const citing = new RegExp(
    `Checked before in “Microfinance summit opens in Lisbon” \\(\\d{4}-\\d\\d-\\d\\d\\): http://[^ ]+${firstPath}#annotation-[0-9a-f-]{36}`,
  );
  await expect(r.getByRole('textbox', { name: 'Rationale' })).toHaveValue(citing);
  await expect(r.getByRole('textbox', { name: 'Rationale' })).toHaveValue(new RegExp(`^${RATIONALE}`));
  await expect(r.getByRole('list', { name: 'Evidence links' })).toContainText('Lendwell annual report');
  // Nothing is saved until the checker saves: the annotation is not in the list yet.
  await expect(r.getByRole('region', { name: 'Annotations' }).getByRole('button', { name: /^“half a billion/ })).toHaveCount(0);
  // The checker decides: here a milder verdict than the earlier one. Saving records it with its citation.
  await r.getByLabel('Verdict').selectOption({ label: 'Mostly false' });
  await r.getByRole('button', { name: 'Save annotation' }).click();
  // Saving keeps the panel open, now on the saved annotation.
  await expect(r.getByRole('heading', { name: 'Edit annotation' })).toBeVisible();
  await expectAllSaved(r);
  await r.reload();
  await startReviewing(r);
  await openInList(r, 'half a billion');
  await expect(r.getByRole('textbox', { name: 'Rationale' })).toHaveValue(citing);
  await expect(r.getByLabel('Verdict')).toHaveValue('mostly-false');

  // Search by a word of the rationale: both checks; with the verdict filter only the earlier one, which opens in its article.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
  await page.getByRole('searchbox', { name: 'Search checks' }).fill('quillmarsh');
  await page.getByRole('searchbox', { name: 'Search checks' }).press('Enter');
  await expect(page).toHaveURL(/\/search\?q=quillmarsh/);
  const results = page.getByRole('list', { name: 'Results' });
  await expect(results.getByRole('listitem')).toHaveCount(2);
  await expect(results.locator('mark').first()).toHaveText(/quillmarsh/i);
  await page.getByRole('combobox', { name: 'Verdict' }).selectOption({ label: 'False' });
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/verdict=false/);
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results).toContainText('Microfinance summit opens in Lisbon');
  await expect(results).toContainText('Checked by Ada Admin');
  await results.getByRole('link', { name: /Microfinance summit/ }).click();
  await expect(page).toHaveURL(new RegExp(`${firstPath}#annotation-[0-9a-f-]{36}$`));
  await expect(page.getByRole('textbox', { name: 'Rationale' })).toHaveValue(RATIONALE);
  // Back to the same search, filters and all.
  await page.goBack();
  await expect(page.getByRole('searchbox', { name: 'Search checks' })).toHaveValue('quillmarsh');
  await expect(page.getByRole('combobox', { name: 'Verdict' })).toHaveValue('false');
  await expect(results.getByRole('listitem')).toHaveCount(1);

  // My work: submitted, it waits for the editor's review; sent back, it is the author's; assigned, it is the assignee's.
  await openInList(r, 'half a billion');
  await r.getByRole('button', { name: 'Submit for review' }).click();
  await expect(status(r)).toHaveText('Status: In review');
  const e = editorPerson.page;
  await e.goto('/');
  await e.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' }).click();
  await expect(e.getByRole('heading', { name: 'My work', level: 1 })).toBeVisible();
  const waiting = e.getByRole('region', { name: /^Waiting for my review \(\d+\)$/ });
  await waiting.getByRole('link', { name: /half a billion persons/ }).click();
  await expect(status(e)).toHaveText('Status: In review');
  await e.getByRole('button', { name: 'Request changes', exact: true }).click();
  await e.getByRole('textbox', { name: 'Comment' }).fill('Please say why the verdict differs from the earlier check.');
  await e.getByRole('button', { name: 'Send request' }).click();
  await expect(status(e)).toHaveText('Status: Changes requested');
  await e.getByRole('combobox', { name: 'Assigned to' }).selectOption({ label: 'Rina Reviewer' });
  await expect(e.getByText('Assigned to Rina Reviewer.')).toBeVisible();

  await r.goto('/queue');
  const changes = r.getByRole('region', { name: 'Changes requested on mine (1)' });
  await expect(changes.getByRole('link', { name: /half a billion persons/ })).toBeVisible();
  const assigned = r.getByRole('region', { name: 'Assigned to me (1)' });
  await expect(assigned).toContainText('assigned to Rina Reviewer');
  await expect(r.getByRole('region', { name: 'My drafts (0)' })).toBeVisible();
  await expect(r.getByRole('region', { name: /Waiting for my review/ })).toHaveCount(0);
  await assigned.getByRole('link', { name: /half a billion persons/ }).click();
  await expect(r).toHaveURL(new RegExp(`${secondPath}#annotation-`));
  await expect(r.getByRole('textbox', { name: 'Rationale' })).toHaveValue(citing);
  await r.getByRole('button', { name: 'History', exact: true }).click();
  await expect(r.getByRole('region', { name: 'History', exact: true })).toContainText('Eddie Editor assigned it to Rina Reviewer');
});
