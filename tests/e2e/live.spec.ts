// The live desk with two people on one article, each in their own browser: what
// one does appears for the other without a reload (over the page's stream),
// both see who is here and who is editing what, notifications arrive with their
// count in the button's name, and a save made while the server cannot be
// reached waits in the outbox, survives a reload and goes out when it answers.
import { expect, test, type Page } from '@playwright/test';
import { mustMutate } from './api';
import { ADMIN, annotate, closePanel, editor, expectAllSaved, importText, newPerson, selectInArticle, startReviewing } from './helpers';

const ARTICLE = [
  'Minister says trains run on time',
  'The minister said nine in ten trains arrived on time last year.',
  'The regulator counted seven in ten.',
  'She also said fares fell by a tenth.',
].join('\n\n');

const list = (page: Page) => page.getByRole('region', { name: 'Annotations' });
const openInList = (page: Page, quoteStart: string) =>
  list(page)
    .getByRole('button', { name: new RegExp(`^“${quoteStart}`) })
    .click();
const connection = (page: Page) => page.getByRole('status', { name: 'Connection' });
const presence = (page: Page) => page.getByRole('list', { name: 'On this article' });

test('two people on one article: changes, presence and notifications arrive live; an offline save waits in the outbox', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const ben = (await newPerson(page, browser, 'Bram Editor', 'Editor')).page;
  // The admin's earlier tests left notifications of their own (the suite shares one desk): this story counts from none.
  await mustMutate(page.request, 'notification.markAllRead', {});
  await importText(page, ARTICLE);
  const articlePath = new URL(page.url()).pathname;
  await startReviewing(page);
  await ben.goto(articlePath);
  await startReviewing(ben);

  // Both are live and see each other.
  await expect(connection(page)).toHaveText('Live');
  await expect(connection(ben)).toHaveText('Live');
  for (const p of [page, ben]) {
    await expect(presence(p)).toContainText(ADMIN.name);
    await expect(presence(p)).toContainText('Bram Editor');
  }

  // A create appears on the other page, highlight and row, without a reload.
  await annotate(page, {
    exact: 'nine in ten trains arrived on time',
    verdict: 'False',
    rationale: 'The regulator says seven.',
    evidence: [],
  });
  await expect(list(ben).getByRole('listitem')).toHaveCount(1);
  await expect(editor(ben).locator('[data-annotation-id]')).toHaveText('nine in ten trains arrived on time');

  // Who is editing what: in the row, and in the panel of whoever opens it anyway.
  await openInList(page, 'nine in ten');
  await expect(list(ben)).toContainText(`${ADMIN.name} is editing`);
  await openInList(ben, 'nine in ten');
  await expect(ben.getByRole('note')).toContainText(`${ADMIN.name} is editing`);
  await closePanel(ben);
  await expect(list(page)).not.toContainText('Bram Editor is editing');

  // An edit.
  await page.getByRole('textbox', { name: 'Rationale' }).fill('The regulator counted seven in ten.');
  await page.getByRole('button', { name: 'Save annotation' }).click();
  await expectAllSaved(page);
  // Save keeps the panel open; closing it ends the editing.
  await closePanel(page);
  await expect(list(ben)).toContainText('The regulator counted seven in ten.');
  await expect(list(ben)).not.toContainText(`${ADMIN.name} is editing`);

  // A status change.
  await openInList(page, 'nine in ten');
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByRole('heading', { name: /^Status:/ })).toHaveText('Status: In review');
  // The row itself: the list's status filter names "In review" too, before anything arrived.
  await expect(list(ben).getByRole('listitem')).toContainText('In review');

  // A comment (a request for changes that mentions Ada) reaches her open discussion, and two notifications her button.
  await openInList(ben, 'nine in ten');
  await ben.getByRole('button', { name: 'Request changes', exact: true }).click();
  await ben.getByRole('textbox', { name: 'Comment' }).fill(`@${ADMIN.name} please link the regulator's table.`);
  await ben.getByRole('button', { name: 'Send request' }).click();
  await expect(ben.getByRole('heading', { name: /^Status:/ })).toHaveText('Status: Changes requested');
  await expect(page.getByRole('region', { name: 'Discussion' })).toContainText("please link the regulator's table");
  const bell = page.getByRole('button', { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName('Notifications, 2 unread');
  await bell.click();
  const notifications = page.getByRole('dialog', { name: 'Notifications' });
  await expect(notifications.getByRole('link', { name: /Bram Editor mentioned you on “nine in ten/ })).toBeVisible();
  await expect(notifications.getByRole('link', { name: /Bram Editor asked for changes to your annotation/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(notifications).toBeHidden();
  await expect(bell).toBeFocused();
  await bell.click();
  await notifications.getByRole('button', { name: 'Mark all read' }).click();
  await expect(bell).toHaveAccessibleName('Notifications');
  await page.keyboard.press('Escape');
  await closePanel(ben);

  // A delete.
  await closePanel(page);
  await list(page)
    .getByRole('button', { name: /^Delete: “nine in ten/ })
    .click();
  await expectAllSaved(page);
  await expect(list(ben).getByRole('listitem')).toHaveCount(0);
  await expect(editor(ben).locator('[data-annotation-id]')).toHaveCount(0);

  // The server cannot be reached from Ada's browser: her save waits in the outbox, and the status says so.
  await page.route('**/api/trpc/**', (route) => route.abort('connectionrefused'));
  await selectInArticle(page, 'fares fell by a tenth');
  await page.getByRole('button', { name: 'Annotate selection' }).click();
  await page.getByLabel('Verdict').selectOption({ label: 'Unverifiable' });
  await page.getByRole('textbox', { name: 'Rationale' }).fill('Written while offline.');
  await page.getByRole('button', { name: 'Save annotation' }).click();
  await expect(connection(page)).toHaveText('Offline: your changes are kept and will be sent');
  await expect(list(page)).toContainText('Written while offline.');

  // A reload keeps it, still waiting.
  await page.reload();
  await expect(list(page)).toContainText('Written while offline.');
  await expect(connection(page)).toHaveText('Offline: your changes are kept and will be sent');
  await expect(list(ben).getByRole('listitem')).toHaveCount(0);

  // The server answers again: it is saved, and reaches Ben.
  await page.unroute('**/api/trpc/**');
  // The next attempt comes within the save queue's longest wait (10 s), or at once when a heartbeat gets through.
  await expect(page.getByRole('status').filter({ hasText: /^(All changes saved|Saving…|Not saved)/ })).toHaveText('All changes saved', {
    timeout: 30_000,
  });
  await expect(connection(page)).toHaveText('Live', { timeout: 30_000 });
  await expect(list(ben)).toContainText('Written while offline.');
  await page.reload();
  await expect(list(page)).toContainText('Written while offline.');
  await expect(list(page).getByRole('listitem')).toHaveCount(1);
  await ben.context().close();
});
