// A colleague's change to the annotation someone has open reaches them while
// they have nothing unsaved in it: the form shows it in place (focus kept), and
// review mode always shows the newest version. Once something is typed in the
// form, their change waits, and saving merges the two (nothing is lost).
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { annotationInput, anchorOf, importArticle, mustMutate, query } from './api';
import { expectAllSaved, newPerson, startReviewing } from './helpers';

const TEXT = [
  'Harbour says ferries are full',
  'The harbour office said every ferry sailed full in August.',
  'Ticket sales fell by a fifth over the same month.',
].join('\n\n');
const FERRY = 'every ferry sailed full in August';
const TICKETS = 'Ticket sales fell by a fifth';

interface Saved {
  id: string;
  version: number;
  verdict: string;
  rationale: string;
  claimSummary: string | null;
}

const list = (page: Page) => page.getByRole('region', { name: 'Annotations' });
const openInList = (page: Page, quoteStart: string) =>
  list(page)
    .getByRole('button', { name: new RegExp(`^“${quoteStart}`) })
    .click();

/** Changes an annotation's rationale as `who`, from the version the server has now. */
async function changeRationale(who: APIRequestContext, articleId: number, id: string, rationale: string) {
  const all = await query<Saved[]>(who, 'annotation.list', { articleId });
  const a = all.find((x) => x.id === id)!;
  await mustMutate(who, 'annotation.update', { id, expectedVersion: a.version, verdict: a.verdict, rationale, evidence: [] });
}

test('a colleague’s change reaches the open annotation while it holds nothing unsaved, and waits (then merges) once it does', async ({
  page,
  browser,
}) => {
  test.slow();
  const { page: rhea } = await newPerson(page, browser, 'Rhea Openpanel', 'Editor');
  const { id: articleId, doc } = await importArticle(page.request, { text: TEXT });
  const ferry = await mustMutate<Saved>(
    page.request,
    'annotation.create',
    annotationInput(articleId, anchorOf(doc, FERRY), { rationale: 'Ada: the office says full.' }),
  );
  const tickets = await mustMutate<Saved>(
    page.request,
    'annotation.create',
    annotationInput(articleId, anchorOf(doc, TICKETS), { rationale: 'Ada: sales fell.' }),
  );
  await page.goto(`/articles/${articleId}`);
  await startReviewing(page);

  // Ada opens her annotation and puts the caret in the claim summary, typing nothing.
  await openInList(page, 'every ferry');
  const rationale = page.getByRole('textbox', { name: 'Rationale' });
  const summary = page.getByRole('textbox', { name: 'Claim summary' });
  await expect(rationale).toHaveValue('Ada: the office says full.');
  await summary.focus();

  // Rhea changes it: Ada's clean form shows it in place, with the caret where it was.
  await changeRationale(rhea.request, articleId, ferry.id, 'Rhea: the office counted berths, not passengers.');
  await expect(rationale).toHaveValue('Rhea: the office counted berths, not passengers.');
  await expect(summary).toBeFocused();

  // Ada types: from now on Rhea's changes to it wait, so nothing she typed is replaced under her hands.
  await summary.fill('Ferries were full in August');
  await changeRationale(rhea.request, articleId, ferry.id, 'Rhea: berths, and half of them empty.');
  // A later change to another annotation has arrived, so the one before it has too (one ordered feed).
  await changeRationale(rhea.request, articleId, tickets.id, 'Rhea: sales fell by 21 percent.');
  await expect(list(page)).toContainText('Rhea: sales fell by 21 percent.');
  await expect(rationale).toHaveValue('Rhea: the office counted berths, not passengers.');
  await expect(summary).toHaveValue('Ferries were full in August');

  // Saving merges: her summary and Rhea's newest rationale, each changed by one of them only.
  await page.getByRole('button', { name: 'Save annotation' }).click();
  await expectAllSaved(page);
  await expect(page.getByRole('button', { name: 'Keep mine' })).toHaveCount(0);
  await expect
    .poll(async () => (await query<Saved[]>(page.request, 'annotation.list', { articleId })).find((a) => a.id === ferry.id))
    .toMatchObject({ rationale: 'Rhea: berths, and half of them empty.', claimSummary: 'Ferries were full in August' });
  // The form, still open, shows the merged version.
  await expect(rationale).toHaveValue('Rhea: berths, and half of them empty.');
  await expect(summary).toHaveValue('Ferries were full in August');

  // Review mode: Ada submits it; Rhea reads it in review mode while Ada changes it again.
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByRole('heading', { name: /^Status:/ })).toHaveText('Status: In review');
  await rhea.goto(`/articles/${articleId}`);
  await startReviewing(rhea);
  await openInList(rhea, 'every ferry');
  const review = rhea.getByRole('region', { name: 'Review annotation' });
  await expect(review).toContainText('Rhea: berths, and half of them empty.');
  await changeRationale(page.request, articleId, ferry.id, 'Ada: berths, half empty; passengers not counted.');
  await expect(review).toContainText('Ada: berths, half empty; passengers not counted.');
  await expect(review.getByRole('button', { name: 'Approve', exact: true })).toBeVisible();
  await rhea.context().close();
});
