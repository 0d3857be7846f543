// No silent overwrite, ever (issue 22, item 7): a save made from a form that
// was opened before a change made elsewhere (a restored version, a colleague's
// edit) never puts back what that change replaced. Fields only one side changed
// are kept from that side; only fields both changed are asked about.
import { expect, test, type Page } from '@playwright/test';
import { editorRequest, mustMutate, query } from './api';
import { annotate, expectAllSaved, importText, newPerson, restoreVersion, startReviewing } from './helpers';

const ARTICLE = [
  'Council says drains are fixed',
  'The council spent 4 million pounds on new drains last year.',
  'Residents report flooding on the same streets this spring.',
].join('\n\n');
const CLAIM_IN_TEXT = 'council spent 4 million pounds on new drains';

interface Saved {
  id: string;
  exact: string;
  version: number;
  verdict: string;
  rationale: string;
  claimSummary: string;
  claimAuthor: string | null;
  claimAppearanceUrl: string | null;
}

const articleId = (page: Page) => Number(new URL(page.url()).pathname.split('/').pop());
const openInList = (page: Page) =>
  page
    .getByRole('region', { name: 'Annotations' })
    .getByRole('button', { name: /^“council spent/ })
    .click();
const saveStatus = (page: Page) => page.getByRole('status').filter({ hasText: /^(All changes saved|Saving…|Not saved)/ });

test('a restored version is not undone by saving an unrelated field from a form opened before the restore', async ({ page }) => {
  await importText(page, ARTICLE);
  await startReviewing(page);
  await annotate(page, { exact: CLAIM_IN_TEXT, verdict: 'Unverifiable', rationale: 'No figures yet.', evidence: [] });
  // The editor changes the verdict…
  await openInList(page);
  await page.getByLabel('Verdict').selectOption({ label: 'Not a claim' });
  await page.getByRole('button', { name: 'Save annotation' }).click();
  await expectAllSaved(page);

  // …then, with the form open again, restores the first version from the history.
  await openInList(page);
  await expect(page.getByLabel('Verdict')).toHaveValue('not-a-claim');
  const history = await restoreVersion(page, 2, 2);
  await expect(history.getByRole('listitem').first()).toContainText('Ada Admin restored the version of');
  await expectAllSaved(page);

  // The same form, still open, saves a field the restore did not touch.
  await page.getByRole('textbox', { name: 'Claim summary' }).fill('Council drains spending');
  await page.getByRole('button', { name: 'Save annotation' }).click();
  // Only the summary changed in this form since it opened: it is merged with the restored version, which stays.
  await expectAllSaved(page);
  await expect(page.getByRole('button', { name: 'Keep mine' })).toHaveCount(0);
  const server = async () => (await query<Saved[]>(page.request, 'annotation.list', { articleId: articleId(page) }))[0];
  await expect.poll(async () => (await server()).claimSummary).toBe('Council drains spending');
  expect((await server()).verdict).toBe('unverifiable');
  // The history says what the save changed, and that is not the verdict.
  await openInList(page);
  await page.getByRole('button', { name: 'History', exact: true }).click();
  const latest = page.getByRole('region', { name: 'History', exact: true }).getByRole('listitem').first();
  await expect(latest).toContainText('changed the claim summary');
  await expect(latest).not.toContainText('verdict');
});

test('“Keep mine” over a colleague’s change keeps the fields only the colleague changed', async ({ page, browser, baseURL }) => {
  const reviewer = await newPerson(page, browser, 'Nell Reviewer', 'Reviewer');
  await importText(page, ARTICLE);
  const id = articleId(page);
  const a = reviewer.page;
  await a.goto(`/articles/${id}`);
  await startReviewing(a);
  await annotate(a, { exact: CLAIM_IN_TEXT, verdict: 'Unverifiable', rationale: 'Rhea: first pass.', evidence: [] });

  // Rhea keeps her annotation open and starts rewording the rationale.
  await openInList(a);
  await expect(a.getByRole('textbox', { name: 'Rationale' })).toHaveValue('Rhea: first pass.');
  await a.getByRole('textbox', { name: 'Rationale' }).fill('Rhea: second pass.');

  // Meanwhile the editor sets where the claim first appeared, and rewords the rationale.
  const editor = await editorRequest(baseURL!);
  const [before] = await query<Saved[]>(editor, 'annotation.list', { articleId: id });
  await mustMutate(editor, 'annotation.update', {
    id: before.id,
    expectedVersion: before.version,
    verdict: before.verdict,
    rationale: 'Eli: the council’s own report.',
    evidence: [],
    claimSummary: before.claimSummary,
    claimAuthor: before.claimAuthor,
    claimAppearanceUrl: 'https://example.org/first-said',
    claimAppearanceDate: null,
  });

  // Her form holds unsaved words, so the change waits rather than coming in under her hands (a form with nothing typed
  // would show it in place: open-annotation-live.spec.ts); she saves.
  await expect(a.getByRole('textbox', { name: 'Claim first appeared at' })).toHaveValue('');
  await a.getByRole('button', { name: 'Save annotation' }).click();
  await expect(a.getByRole('button', { name: 'Keep mine' })).toBeVisible();
  // The colleague's change is in view, and nothing claims to be saved while a decision waits.
  await expect(a.getByRole('region', { name: 'Their version' })).toContainText('https://example.org/first-said');
  await expect(saveStatus(a)).not.toHaveText('All changes saved');

  await a.getByRole('button', { name: 'Keep mine' }).click();
  await expectAllSaved(a);
  await expect
    .poll(async () => (await query<Saved[]>(editor, 'annotation.list', { articleId: id }))[0].rationale)
    .toBe('Rhea: second pass.');
  const [after] = await query<Saved[]>(editor, 'annotation.list', { articleId: id });
  expect(after.claimAppearanceUrl).toBe('https://example.org/first-said');
  await editor.dispose();
  await reviewer.context.close();
});
