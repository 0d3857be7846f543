// The article itself under deadline: its details edited after import, deleting
// it (and bringing it back), importing when both text and a file are given,
// and settings that never lose an edit, on a phone too.
import { expect, test, type Page } from '@playwright/test';
import { alert, ANT_ARTICLE, newPerson, startReviewing } from './helpers';
import { anchorOf, annotationInput, importArticle, mustMutate } from './api';

const details = (page: Page) => page.getByRole('region', { name: 'Article details' });

test('article details: edited on the editor page, checked like on import, and kept after reloading', async ({ page, request }) => {
  const { id } = await importArticle(request, { text: 'Ferry fares claims\n\nThe operator said fares have not risen in ten years.' });
  await page.goto(`/articles/${id}`);
  await startReviewing(page);
  await expect(details(page)).toContainText('Ferry fares claims');
  await details(page).getByRole('button', { name: 'Edit details' }).click();

  const form = details(page).getByRole('form', { name: 'Edit article details' });
  await form.getByRole('textbox', { name: 'Title' }).fill('Ferry operator on fares');
  await form.getByRole('textbox', { name: 'Source URL' }).fill('javascript:alert(1)');
  await form.getByRole('textbox', { name: 'Byline' }).fill('Jo Reporter');
  await form.getByLabel('Publication date').fill('2026-10-01');
  await form.getByRole('button', { name: 'Save details' }).click();
  await expect(alert(page)).toHaveText(/Source URL must be an http:\/\/ or https:\/\/ address/);

  await form.getByRole('textbox', { name: 'Source URL' }).fill('https://news.example/ferry-fares');
  await form.getByRole('button', { name: 'Save details' }).click();
  await expect(details(page).getByRole('status')).toHaveText('Details saved');
  await expect(page).toHaveTitle('Ferry operator on fares · Fact-check editor');

  await page.reload();
  await expect(details(page)).toContainText('Ferry operator on fares');
  await expect(details(page).getByRole('link', { name: 'https://news.example/ferry-fares' })).toHaveAttribute(
    'href',
    'https://news.example/ferry-fares',
  );
  await expect(details(page)).toContainText('Jo Reporter');
  await expect(details(page)).toContainText('2026-10-01');
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Ferry operator on fares' })).toBeVisible();

  // The history says what changed.
  await page.goto(`/articles/${id}`);
  await page.getByRole('button', { name: 'Article history' }).click();
  await expect(page.getByRole('region', { name: 'Article history' })).toContainText(
    'Ada Admin changed the article details: the title, the source URL, the byline and the publication date',
  );
});

test('a viewer reads the details but gets no controls; a reviewer edits them but cannot delete', async ({ page, browser, request }) => {
  const { id } = await importArticle(request, { text: 'Bridge claims\n\nThe bridge opened on time.', byline: 'Sam Writer' });
  const viewer = await newPerson(page, browser, 'Vera Viewer', 'Viewer');
  await viewer.page.goto(`/articles/${id}`);
  await expect(details(viewer.page)).toContainText('Bridge claims');
  await expect(details(viewer.page)).toContainText('Sam Writer');
  await expect(details(viewer.page).getByRole('button')).toHaveCount(0);
  await expect(details(viewer.page).getByRole('textbox')).toHaveCount(0);

  const reviewer = await newPerson(page, browser, 'Rhea Reviewer', 'Reviewer');
  await reviewer.page.goto(`/articles/${id}`);
  await expect(details(reviewer.page).getByRole('button', { name: 'Edit details' })).toBeVisible();
  await expect(details(reviewer.page).getByRole('button', { name: 'Delete article' })).toHaveCount(0);
  await viewer.context.close();
  await reviewer.context.close();
});

test('deleting an article names what goes with it, takes it away everywhere, and an editor restores it', async ({ page, request }) => {
  const title = 'Harbour wall claims';
  const { id, doc } = await importArticle(request, {
    text: `${title}\n\nThe council said the wall cost two million.\n\nIt also said the work ended in May.`,
  });
  for (const exact of ['the wall cost two million', 'the work ended in May']) {
    await mustMutate(request, 'annotation.create', annotationInput(id, anchorOf(doc, exact), { rationale: 'Checked against the budget.' }));
  }
  await page.goto(`/articles/${id}`);
  await startReviewing(page);

  // Cancel first: nothing happens.
  await details(page).getByRole('button', { name: 'Delete article' }).click();
  const confirm = details(page).getByRole('group', { name: `Delete “${title}” and its 2 annotations?` });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);

  await details(page).getByRole('button', { name: 'Delete article' }).click();
  await confirm.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page).toHaveURL(new RegExp(`/\\?deleted=${id}$`));
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Deleted' })).toHaveText(
    `Deleted “${title}” and its 2 annotations. It can be restored under Recently deleted.`,
  );
  await expect(page.getByRole('region', { name: 'Articles' }).getByRole('link', { name: title })).toHaveCount(0);

  // A 404 everywhere: the page, the exports and the API.
  expect((await page.goto(`/articles/${id}`))?.status()).toBe(404);
  expect((await page.request.get(`/articles/${id}/export`)).status()).toBe(404);
  expect((await page.request.get(`/articles/${id}/export.json`)).status()).toBe(404);

  await page.goto('/');
  const deleted = page.getByRole('region', { name: 'Recently deleted' });
  await expect(deleted.getByRole('listitem').filter({ hasText: title })).toContainText('deleted by Ada Admin');
  await deleted.getByRole('button', { name: `Restore ${title}` }).click();
  await expect(deleted.getByRole('status')).toHaveText(`“${title}” is back, with its annotations.`);
  await page.getByRole('region', { name: 'Articles' }).getByRole('link', { name: title }).click();
  await startReviewing(page);
  await expect(page.getByRole('region', { name: 'Annotations' }).getByRole('listitem')).toHaveCount(2);
  await page.getByRole('button', { name: 'Article history' }).click();
  const history = page.getByRole('region', { name: 'Article history' });
  await expect(history).toContainText(`Ada Admin restored the article “${title}”`);
  await expect(history).toContainText(`Ada Admin deleted the article “${title}” with its 2 annotations`);
});

test('import asks which to use when text is pasted and a file is chosen', async ({ page }) => {
  const pasted = 'Pasted headline about tolls\n\nThe minister said tolls will fall.';
  const text = page.getByRole('textbox', { name: 'Article text' });
  const file = page.getByLabel('Upload file');
  const question = page.getByRole('group', { name: /You pasted text and chose the file “credit-data-article\.txt”/ });

  // Keep the pasted text: the file is put back.
  await page.goto('/');
  await text.fill(pasted);
  await file.setInputFiles(ANT_ARTICLE);
  await expect(question).toBeVisible();
  await expect(text).toHaveValue(pasted);
  await question.getByRole('button', { name: 'Keep the pasted text' }).click();
  await expect(question).toHaveCount(0);
  await expect(file).toHaveValue('');
  await page.getByRole('button', { name: 'Import article' }).click();
  await expect(page).toHaveURL(/\/articles\/\d+$/);
  await expect(page).toHaveTitle(/^Pasted headline about tolls/);

  // A file chosen first and text pasted afterwards: importing asks too, and imports nothing yet.
  await page.goto('/');
  await file.setInputFiles(ANT_ARTICLE);
  await text.fill(pasted);
  await page.getByRole('button', { name: 'Import article' }).click();
  await expect(question).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  await question.getByRole('button', { name: 'Use the file' }).click();
  await expect(text).toHaveValue('');
  await page.getByRole('button', { name: 'Import article' }).click();
  await expect(page).toHaveURL(/\/articles\/\d+$/);
  await expect(page).toHaveTitle(/^Jack Ma in trouble again\?/);
});

test('settings: a verdict in use says why it stays, and the other edits are kept', async ({ page }) => {
  await page.goto('/settings');
  await page.getByRole('textbox', { name: 'Organisation name' }).fill('Quay Street Checkers');
  // "False" is used by the sample article.
  await page.getByRole('button', { name: 'Delete False', exact: true }).click();
  await expect(alert(page)).toHaveText(/^“False” is used by \d+ annotations?: change their verdicts first$/);
  await expect(page.getByRole('button', { name: 'Delete False', exact: true })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Organisation name' })).toHaveValue('Quay Street Checkers');

  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Settings saved');
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Organisation name' })).toHaveValue('Quay Street Checkers');
  await expect(page.getByRole('button', { name: 'Delete False', exact: true })).toBeVisible();
});

test('settings fit a 390 px wide phone: the page does not scroll sideways, the verdict table does', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/settings');
  const firstLabel = page.getByRole('textbox', { name: 'Label of verdict 1' });
  await expect(firstLabel).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  const within = async (locator: ReturnType<Page['getByRole']>) => {
    await locator.scrollIntoViewIfNeeded();
    const box = (await locator.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  };
  await within(firstLabel);
  await within(page.getByRole('button', { name: 'Save settings' }));
  // The last column is reached by scrolling the table's own box.
  await within(page.getByRole('button', { name: 'Delete True', exact: true }));
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expect(page.getByRole('region', { name: 'Verdicts' })).toBeVisible();
});
