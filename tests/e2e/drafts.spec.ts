import { expect, test, type Page } from '@playwright/test';
import { mustMutate, query } from './api';
import { alert, annotate, editor, expectAllSaved, importText, selectInArticle, startReviewing } from './helpers';

const ARTICLE = [
  'Council says the buses run on time',
  'The council said 98 percent of buses ran on time last year.',
  'Passengers counted 71 percent in their own survey.',
  'The council also said that fares fell in March.',
].join('\n\n');

const list = (page: Page) => page.getByRole('region', { name: 'Annotations' });
const item = (page: Page, quote: string) => list(page).getByRole('listitem').filter({ hasText: quote });
const openFromList = (page: Page, quote: string) =>
  list(page)
    .getByRole('button', { name: new RegExp(`^“${quote}`) })
    .click();
const rationale = (page: Page) => page.getByRole('textbox', { name: 'Rationale' });
const saveButton = (page: Page) => page.getByRole('button', { name: 'Save annotation' });

test('a half-written rationale survives switching annotations, Escape and a reload', async ({ page }) => {
  await importText(page, ARTICLE);
  await startReviewing(page);
  await annotate(page, { exact: '98 percent of buses ran on time', verdict: 'False', rationale: 'Saved rationale.', evidence: [] });
  await annotate(page, { exact: 'fares fell in March', verdict: 'Unverifiable', rationale: '', evidence: [] });

  // Half-way through a rationale, another annotation is opened.
  await openFromList(page, '98 percent');
  await rationale(page).fill('Half-written: the survey says 71');
  await page.getByRole('textbox', { name: 'Evidence URL' }).fill('https://example.org/surv');
  await openFromList(page, 'fares fell');
  await expect(page.getByText(/^Unsaved draft kept for the annotation on “98 percent of buses ran on time”/)).toBeVisible();
  await expect(rationale(page)).toHaveValue('');
  await expect(page.getByText(/Unsaved draft restored/)).toBeHidden();

  // Back to the first one: the text is there, and the form says it is a draft.
  await openFromList(page, '98 percent');
  await expect(rationale(page)).toHaveValue('Half-written: the survey says 71');
  await expect(page.getByRole('textbox', { name: 'Evidence URL' })).toHaveValue('https://example.org/surv');
  await expect(page.getByText(/Unsaved draft restored/)).toBeVisible();

  // Escape closes the form and keeps the draft, and says so.
  await rationale(page).fill('Half-written: the survey says 71 percent');
  await page.keyboard.press('Escape');
  await expect(saveButton(page)).toBeHidden();
  await expect(page.getByText(/^Unsaved draft kept for the annotation on “98 percent/)).toBeVisible();

  // After a reload the list marks it, and opening it brings the text back.
  await page.reload();
  await startReviewing(page);
  await expect(item(page, '98 percent')).toContainText('unsaved draft');
  await expect(item(page, 'fares fell')).not.toContainText('unsaved draft');
  await openFromList(page, '98 percent');
  await expect(rationale(page)).toHaveValue('Half-written: the survey says 71 percent');
  await expect(page.getByText(/Unsaved draft restored/)).toBeVisible();

  // "Discard draft" goes back to what is saved, for good.
  await page.getByRole('button', { name: 'Discard draft' }).click();
  await expect(rationale(page)).toHaveValue('Saved rationale.');
  await expect(item(page, '98 percent')).not.toContainText('unsaved draft');

  // A new annotation, never saved, comes back after a reload too; saving it clears its draft.
  await selectInArticle(page, 'Passengers counted 71 percent');
  await page.getByRole('button', { name: 'Annotate selection' }).click();
  await page.getByLabel('Verdict').selectOption({ label: 'True' });
  await rationale(page).fill('The survey is on the passenger group’s site.');
  await page.reload();
  await startReviewing(page);
  const notice = page.getByRole('group', { name: 'You have an unsaved new annotation on “Passengers counted 71 percent”.' });
  await notice.getByRole('button', { name: 'Open it' }).click();
  await expect(page.getByLabel('Verdict')).toHaveValue('true');
  await expect(rationale(page)).toHaveValue('The survey is on the passenger group’s site.');
  await saveButton(page).click();
  await expectAllSaved(page);
  await expect(notice).toBeHidden();
  await page.reload();
  await startReviewing(page);
  await expect(list(page).getByRole('listitem')).toHaveCount(3);
  await expect(item(page, 'Passengers counted')).toContainText('The survey is on the passenger group’s site.');
  await expect(list(page)).not.toContainText('unsaved draft');
  await expect(page.getByText(/You have an unsaved new annotation/)).toBeHidden();
});

test('a kept draft of an annotation changed since by someone else comes back beside their version, not over it', async ({ page }) => {
  // The change poll (every 8 s) runs on Playwright's clock: its round is brought on, not waited for.
  await page.clock.install();
  await importText(page, ARTICLE);
  await startReviewing(page);
  const articleId = Number(new URL(page.url()).pathname.split('/').pop());
  await annotate(page, { exact: '98 percent of buses ran on time', verdict: 'False', rationale: 'First take.', evidence: [] });
  await openFromList(page, '98 percent');
  await rationale(page).fill('My draft, not saved yet.');
  await page.keyboard.press('Escape');

  const [saved] = await query<{ id: string; version: number }[]>(page.request, 'annotation.list', { articleId });
  await mustMutate(page.request, 'annotation.update', {
    id: saved.id,
    expectedVersion: saved.version,
    verdict: 'false',
    rationale: 'Their change.',
    evidence: [],
  });
  // The page brings their change in by itself at the poll's next round; the draft stays marked.
  await page.clock.fastForward(8_000);
  await expect(item(page, '98 percent')).toContainText('Their change.');
  await expect(item(page, '98 percent')).toContainText('unsaved draft');

  await openFromList(page, '98 percent');
  await expect(rationale(page)).toHaveValue('My draft, not saved yet.');
  await expect(alert(page)).toContainText('changed this annotation after you wrote this draft');
  await expect(page.getByRole('region', { name: 'Their version' })).toContainText('Their change.');
  await page.getByRole('button', { name: 'Keep mine' }).click();
  await expectAllSaved(page);
  await page.reload();
  await startReviewing(page);
  await expect(item(page, '98 percent')).toContainText('My draft, not saved yet.');
  await expect(item(page, '98 percent')).not.toContainText('unsaved draft');
});

test('saving collapses the selection, and annotating exactly the same text again offers to open the existing annotation', async ({
  page,
}) => {
  await importText(page, ARTICLE);
  await startReviewing(page);
  // annotate() checks that the selection collapses after saving.
  await annotate(page, { exact: '98 percent of buses ran on time', verdict: 'False', rationale: 'First take.', evidence: [] });
  await page.getByRole('button', { name: 'Annotate selection' }).click();
  await expect(page.locator('#annotate-hint')).toHaveText(/Select the text of a claim/);

  // Exactly the same span again: a question, not a second form.
  const question = page.getByRole('group', { name: 'This text already has an annotation (False). Open it, or annotate it again?' });
  await selectInArticle(page, '98 percent of buses ran on time');
  await page.getByRole('button', { name: 'Annotate selection' }).click();
  await expect(question).toBeVisible();
  await expect(question.getByRole('button', { name: 'Open it' })).toBeFocused();
  await expect(saveButton(page)).toBeHidden();
  await question.getByRole('button', { name: 'Open it' }).click();
  await expect(question).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Edit annotation' })).toBeVisible();
  await expect(rationale(page)).toHaveValue('First take.');
  // Nothing was typed: nothing is kept, and nothing said about it.
  await page.keyboard.press('Escape');
  await expect(page.getByText(/Unsaved draft kept/)).toBeHidden();

  // "Annotate again" is still possible, on purpose.
  await selectInArticle(page, '98 percent of buses ran on time');
  await page.keyboard.press('Control+Alt+M');
  await question.getByRole('button', { name: 'Annotate again' }).click();
  await expect(page.getByRole('heading', { name: 'New annotation' })).toBeVisible();
  await page.keyboard.press('Escape');

  // An overlapping claim on another span is not asked about.
  await selectInArticle(page, '98 percent of buses');
  await page.getByRole('button', { name: 'Annotate selection' }).click();
  await expect(page.getByRole('heading', { name: 'New annotation' })).toBeVisible();
  await expect(question).toBeHidden();
  await expect(list(page).getByRole('listitem')).toHaveCount(1);
});

test('a colleague deletes the annotation during an edit: the text is kept and can be saved as a new annotation', async ({ page }) => {
  await importText(page, ARTICLE);
  await startReviewing(page);
  await annotate(page, { exact: '98 percent of buses ran on time', verdict: 'Mostly false', rationale: 'First take.', evidence: [] });
  const id = await item(page, '98 percent').getAttribute('data-annotation-item');

  await openFromList(page, '98 percent');
  await page.getByLabel('Verdict').selectOption({ label: 'False' });
  await rationale(page).fill('My careful rewrite: the survey says 71 percent.');
  // Meanwhile someone deletes it.
  const deleted = await page.request.post('/api/trpc/annotation.delete', { data: { id } });
  expect(deleted.ok()).toBe(true);

  await saveButton(page).click();
  await expect(alert(page)).toHaveText(
    'Someone deleted this annotation while you were editing it: your text is kept below; save it as a new annotation?',
  );
  await expect(alert(page)).not.toContainText('does not exist');
  await expect(rationale(page)).toHaveValue('My careful rewrite: the survey says 71 percent.');
  await expect(page.getByLabel('Verdict')).toHaveValue('false');

  // The text is kept until it is saved: it survives a reload too.
  await page.reload();
  await startReviewing(page);
  await expect(list(page).getByRole('listitem')).toHaveCount(0);
  await page
    .getByRole('group', { name: /unsaved new annotation on “98 percent of buses ran on time”/ })
    .getByRole('button', { name: 'Open it' })
    .click();
  await expect(rationale(page)).toHaveValue('My careful rewrite: the survey says 71 percent.');

  await page.getByRole('button', { name: 'Save annotation' }).click();
  await expectAllSaved(page);
  await page.reload();
  await startReviewing(page);
  await expect(list(page).getByRole('listitem')).toHaveCount(1);
  await expect(item(page, '98 percent')).toContainText('My careful rewrite: the survey says 71 percent.');
  await expect(item(page, '98 percent')).not.toContainText('unsaved draft');
  await expect(editor(page).locator('[data-annotation-id][data-verdict="false"]')).toHaveText('98 percent of buses ran on time');
  await expect(page.getByText(/unsaved new annotation/)).toBeHidden();
});

test('“Save as new annotation” saves the text of a deleted annotation straight from the form', async ({ page }) => {
  await importText(page, ARTICLE);
  await startReviewing(page);
  await annotate(page, { exact: 'fares fell in March', verdict: 'Mostly false', rationale: 'First take.', evidence: [] });
  const id = await item(page, 'fares fell').getAttribute('data-annotation-item');
  await openFromList(page, 'fares fell');
  await rationale(page).fill('Fares rose by 3 percent in March.');
  expect((await page.request.post('/api/trpc/annotation.delete', { data: { id } })).ok()).toBe(true);
  await saveButton(page).click();
  await expect(alert(page)).toContainText('Someone deleted this annotation while you were editing it');

  await page.getByRole('button', { name: 'Save as new annotation' }).click();
  await expectAllSaved(page);
  await expect(list(page).getByRole('listitem')).toHaveCount(1);
  await page.reload();
  await startReviewing(page);
  await expect(list(page).getByRole('listitem')).toHaveCount(1);
  const saved = item(page, 'fares fell');
  await expect(saved).toContainText('Fares rose by 3 percent in March.');
  expect(await saved.getAttribute('data-annotation-item')).not.toBe(id);
  await expect(page.getByText(/unsaved new annotation/)).toBeHidden();
});

test('a stale position is explained with a way out, and the text is kept across the reload', async ({ page }) => {
  const info: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'info') info.push(message.text());
  });
  await importText(page, ARTICLE);
  await startReviewing(page);
  await selectInArticle(page, 'Passengers counted 71 percent');
  await page.getByRole('button', { name: 'Annotate selection' }).click();
  await page.getByLabel('Verdict').selectOption({ label: 'True' });
  await rationale(page).fill('Kept through a stale refusal.');

  // The server sees positions that no longer hold this text, as if the article had changed under the page.
  await page.route('**/api/trpc/annotation.create', async (route) => {
    const body = JSON.parse(route.request().postData()!);
    body.anchor.exact = 'Passengers counted 99 percent';
    await route.continue({ postData: JSON.stringify(body) });
  });
  await saveButton(page).click();
  await expect(alert(page)).toHaveText('The article changed since you opened it. Reload to see the current text; your text is kept.');
  // The positions are for whoever debugs, not for the reviewer.
  await expect(page.getByRole('main')).not.toContainText('does not match the article');
  expect(info.join('\n')).toContain('does not match the article');
  await expect(rationale(page)).toHaveValue('Kept through a stale refusal.');
  await page.unroute('**/api/trpc/annotation.create');

  await page.getByRole('button', { name: 'Reload' }).click();
  const notice = page.getByRole('group', { name: 'You have an unsaved new annotation on “Passengers counted 71 percent”.' });
  await notice.getByRole('button', { name: 'Open it' }).click();
  await expect(rationale(page)).toHaveValue('Kept through a stale refusal.');
  await saveButton(page).click();
  await expectAllSaved(page);
  await page.reload();
  await startReviewing(page);
  await expect(item(page, 'Passengers counted')).toContainText('Kept through a stale refusal.');
  await expect(notice).toBeHidden();
});
