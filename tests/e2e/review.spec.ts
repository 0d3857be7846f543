// Sign-off before publishing, with three people in their own browsers: a
// reviewer annotates and submits, an editor sends it back with a comment, the
// reviewer fixes it, the editor approves; only then is it published, and a
// revision that rewords it takes it out again until it is approved anew.
import { expect, test, type Page } from '@playwright/test';
import { alert, annotate, editor, expectAllSaved, importText, newPerson, restoreVersion, startReviewing } from './helpers';

const ARTICLE = [
  'Mayor promises the river is clean',
  'The mayor said the river now meets the bathing standard at every site.',
  'Tests last summer found bacteria above the limit at two of the five sites.',
  'She added that the council spent 4 million pounds on new drains.',
].join('\n\n');
const CLAIM = 'the river now meets the bathing standard at every site';
const OTHER = 'the council spent 4 million pounds on new drains';

const panel = (page: Page) => page.getByRole('complementary');
const openInList = (page: Page, quoteStart: string) =>
  page
    .getByRole('region', { name: 'Annotations' })
    .getByRole('button', { name: new RegExp(`^“${quoteStart}`) })
    .click();
const status = (page: Page) => page.getByRole('heading', { name: /^Status:/ });

async function exportedQuotes(page: Page, articlePath: string): Promise<string[]> {
  const json = await (await page.request.get(`${articlePath}/export.json`)).json();
  return json.notes.map((n: { exact: string }) => n.exact);
}

test('a reviewer submits, an editor requests changes, the reviewer fixes it, the editor approves; a reworded claim goes back to review', async ({
  page,
  browser,
}) => {
  // Two people through a whole round of review and a new revision: a long story, given three times the usual time.
  test.slow();
  const reviewer = await newPerson(page, browser, 'Rosa Reviewer', 'Reviewer');
  const editorPerson = await newPerson(page, browser, 'Edgar Editor', 'Editor');
  await importText(page, ARTICLE);
  const articlePath = new URL(page.url()).pathname;

  // The reviewer annotates two claims and submits one. A draft has no Approve for its author.
  await reviewer.page.goto(articlePath);
  await startReviewing(reviewer.page);
  await annotate(reviewer.page, { exact: CLAIM, verdict: 'False', rationale: '', evidence: [] });
  await annotate(reviewer.page, { exact: OTHER, verdict: 'Unverifiable', rationale: 'No invoice is public.', evidence: [] });
  await openInList(reviewer.page, 'the river now');
  await expect(status(reviewer.page)).toHaveText('Status: Draft');
  await expect(reviewer.page.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
  await reviewer.page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(status(reviewer.page)).toHaveText('Status: In review');

  // The editor cannot approve it without a rationale and evidence, and sends it back with a comment that mentions the reviewer.
  await editorPerson.page.goto(articlePath);
  await startReviewing(editorPerson.page);
  await openInList(editorPerson.page, 'the river now');
  await expect(status(editorPerson.page)).toHaveText('Status: In review');
  await editorPerson.page.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(panel(editorPerson.page).getByRole('alert')).toHaveText(
    /Cannot approve: it has no rationale; its verdict needs at least one evidence link/,
  );
  await editorPerson.page.getByRole('button', { name: 'Request changes', exact: true }).click();
  await editorPerson.page.getByRole('button', { name: 'Send request' }).click();
  await expect(panel(editorPerson.page).getByRole('alert')).toHaveText(/Say what should change/);
  await editorPerson.page.getByRole('textbox', { name: 'Comment' }).fill('@Rosa Reviewer please cite the sampling results.');
  await editorPerson.page.getByRole('button', { name: 'Send request' }).click();
  await expect(status(editorPerson.page)).toHaveText('Status: Changes requested');
  const editorsThread = editorPerson.page.getByRole('region', { name: 'Discussion' });
  await expect(editorsThread.getByRole('listitem')).toHaveCount(1);
  await expect(editorsThread).toContainText('Edgar Editor');

  // The reviewer finds it under Mentions, replies, fixes it and submits again.
  await reviewer.page.goto('/mentions');
  await expect(reviewer.page.getByRole('main')).toContainText('please cite the sampling results');
  await reviewer.page.getByRole('link', { name: /Open the annotation on “the river now/ }).click();
  await expect(reviewer.page.getByRole('textbox', { name: 'Rationale' })).toBeVisible();
  await expect(status(reviewer.page)).toHaveText('Status: Changes requested');
  const thread = reviewer.page.getByRole('region', { name: 'Discussion' });
  await expect(thread).toContainText('please cite the sampling results');
  await reviewer.page.getByRole('combobox', { name: 'Reply' }).fill('Added the Environment Agency results.');
  await reviewer.page.getByRole('button', { name: 'Post reply' }).click();
  await expect(thread.getByRole('listitem')).toHaveCount(2);
  await reviewer.page.getByRole('textbox', { name: 'Rationale' }).fill('Two of five sites failed last summer.');
  await reviewer.page.getByRole('textbox', { name: 'Evidence URL' }).fill('https://environment.example/bathing-2026');
  await reviewer.page.getByRole('button', { name: 'Save annotation' }).click();
  await expectAllSaved(reviewer.page);
  await openInList(reviewer.page, 'the river now');
  await reviewer.page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(status(reviewer.page)).toHaveText('Status: In review');

  // Nothing is published yet, and the page says why.
  expect(await exportedQuotes(page, articlePath)).toEqual([]);
  await page.reload();
  const readiness = page.getByRole('region', { name: 'Ready to publish' });
  await expect(readiness).toContainText('is In review, not approved');
  await expect(readiness).toContainText('is Draft, not approved');

  // The editor approves it.
  await editorPerson.page.reload();
  await openInList(editorPerson.page, 'the river now');
  await expect(editorPerson.page.getByRole('region', { name: 'Discussion' })).toContainText('Added the Environment Agency results.');
  await editorPerson.page.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(status(editorPerson.page)).toHaveText('Status: Approved');

  // Only the approved annotation is published.
  expect(await exportedQuotes(page, articlePath)).toEqual([CLAIM]);
  const drafts = await (await page.request.get(`${articlePath}/export.json?drafts=1`)).json();
  expect(
    drafts.notes.map((n: { exact: string; status: string; claimReview: unknown }) => [n.exact, n.status, n.claimReview === null]),
  ).toEqual([
    [CLAIM, 'approved', false],
    [OTHER, 'draft', true],
  ]);

  // A revision rewords the approved claim: back to In review, out of the export, with both quotes side by side.
  await page.reload();
  await page.getByRole('button', { name: 'Update article' }).click();
  const form = page.getByRole('form', { name: 'Update article' });
  await form.getByRole('textbox', { name: 'Article text' }).fill(ARTICLE.replace('at every site', 'at almost every site'));
  await form.getByRole('button', { name: 'Save revision' }).click();
  await expect(page.getByText(/Revision 2 saved/)).toBeVisible();
  const item = page.getByRole('region', { name: 'Annotations' }).getByRole('listitem').filter({ hasText: 'bathing standard' });
  await expect(item).toContainText('In review');
  await expect(item).toContainText(`Was: “${CLAIM}”`);
  await expect(item).toContainText('Now: “the river now meets the bathing standard at almost every site”');
  expect(await exportedQuotes(page, articlePath)).toEqual([]);

  // The editor compares, confirms the new place and approves again: published again.
  await editorPerson.page.reload();
  await editorPerson.page
    .getByRole('region', { name: 'Annotations' })
    .getByRole('button', { name: /^Confirm position/ })
    .click();
  await expectAllSaved(editorPerson.page);
  await openInList(editorPerson.page, 'the river now');
  // "almost" changed the claim's words: whether False still holds is answered before it is approved again.
  await editorPerson.page.getByRole('radio', { name: 'Yes, keep False' }).check();
  await editorPerson.page.getByRole('button', { name: 'Answer', exact: true }).click();
  await expect(editorPerson.page.getByText('Verdict kept: False.')).toBeVisible();
  await editorPerson.page.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(status(editorPerson.page)).toHaveText('Status: Approved');
  expect(await exportedQuotes(page, articlePath)).toEqual(['the river now meets the bathing standard at almost every site']);

  // The history tells every step, newest first, with the right names.
  await editorPerson.page.getByRole('button', { name: 'History', exact: true }).click();
  const history = editorPerson.page.getByRole('region', { name: 'History', exact: true });
  // The entries load after the panel opens: wait for the newest before reading them all at once.
  await expect(history.getByRole('listitem').first()).toContainText('Edgar Editor approved');
  const sentences = await history.getByRole('listitem').allTextContents();
  const expected = [
    'Edgar Editor approved',
    'Edgar Editor reconsidered the verdict after the quote changed to “the river now meets the bathing standard at almost every site”: False still holds',
    'Edgar Editor confirmed its position',
    'Back to In review: its text changed in a new revision',
    're-anchored as fuzzy',
    'Edgar Editor approved',
    'Rosa Reviewer submitted it for review',
    'Rosa Reviewer changed the rationale and added an evidence link',
    'Rosa Reviewer commented: “Added the Environment Agency results.”',
    'Edgar Editor requested changes',
    'Edgar Editor commented',
    'Rosa Reviewer submitted it for review',
    'Rosa Reviewer annotated “the river now meets the bathing standard at every site” as False',
  ];
  let from = 0;
  for (const sentence of expected) {
    const at = sentences.findIndex((s, i) => i >= from && s.includes(sentence));
    expect(at, `history has “${sentence}” after entry ${from}: ${JSON.stringify(sentences)}`).toBeGreaterThanOrEqual(from);
    from = at + 1;
  }

  // The article's own history names the revision and who saved it.
  await page.getByRole('button', { name: 'Article history' }).click();
  await expect(page.getByRole('region', { name: 'Article history' })).toContainText('Ada Admin saved revision 2');
  await expect(editor(page)).toBeVisible();
  await expect(alert(page)).toHaveCount(0);

  await reviewer.context.close();
  await editorPerson.context.close();
});

test('an editor restores an earlier version from the history, and a deleted annotation from the article history', async ({ page }) => {
  await importText(page, ARTICLE);
  await startReviewing(page);
  await annotate(page, { exact: OTHER, verdict: 'Unverifiable', rationale: 'First thoughts.', evidence: [] });
  await openInList(page, 'the council');
  await page.getByRole('textbox', { name: 'Rationale' }).fill('Second thoughts.');
  await page.getByRole('button', { name: 'Save annotation' }).click();
  await expectAllSaved(page);

  await openInList(page, 'the council');
  const history = await restoreVersion(page, 2, 2);
  await expect(page.getByRole('region', { name: 'Annotations' })).toContainText('First thoughts.');
  await expect(history.getByRole('listitem').first()).toContainText('Ada Admin restored the version of');

  // Deleted, and later (no Undo at hand any more) brought back from the article's history.
  await page
    .getByRole('region', { name: 'Annotations' })
    .getByRole('button', { name: /^Delete/ })
    .click();
  await expectAllSaved(page);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Annotations' }).getByRole('listitem')).toHaveCount(0);
  await page.getByRole('button', { name: 'Article history' }).click();
  const articleHistory = page.getByRole('region', { name: 'Article history' });
  await expect(articleHistory).toContainText('Ada Admin deleted it');
  await articleHistory.getByRole('button', { name: 'Restore annotation' }).click();
  await expect(page.getByRole('region', { name: 'Annotations' }).getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'Annotations' })).toContainText('First thoughts.');
  await expect(articleHistory).toContainText('Ada Admin restored it');
  await page.reload();
  await expect(page.getByRole('region', { name: 'Annotations' }).getByRole('listitem')).toHaveCount(1);
});
