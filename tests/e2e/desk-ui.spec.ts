// The desk at speed, part B (issue 18): mentions as people type, history with
// times and a preview, pending invites, a toolbar that fits a phone, and the
// keyboard shortcuts list. Dark-scheme contrast is in accessibility.spec.ts.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { anchorOf, annotationInput, importArticle, mustMutate, query } from './api';
import { ADMIN, createInvite, newPerson, startReviewing } from './helpers';

const ARTICLE = [
  'Harbour ferry gets a new timetable',
  'The operator said the ferry now runs every ten minutes at rush hour.',
  'Tickets cost less than they did last year, according to the board.',
].join('\n\n');

async function articleWithClaim(request: APIRequestContext, exact: string, fields: Record<string, unknown> = {}) {
  const { id, doc } = await importArticle(request, { text: ARTICLE });
  const created = await mustMutate<{ id: string }>(
    request,
    'annotation.create',
    annotationInput(id, anchorOf(doc, exact), { verdict: 'unverifiable', rationale: 'First thoughts.', ...fields }),
  );
  return { id, annotationId: created.id };
}

const openInList = (page: Page, quoteStart: string) =>
  page
    .getByRole('region', { name: 'Annotations' })
    .getByRole('button', { name: new RegExp(`^“${quoteStart}`) })
    .click();

test('"@" offers the desk\'s people; the one picked, and a first name only one person has, are told by id', async ({ page, browser }) => {
  // Two people join through the invite pages first: slow on a loaded machine.
  test.slow();
  // Names of this test's own, so earlier specs' people cannot make a first name ambiguous.
  const chosen = await newPerson(page, browser, 'Ottoline Quaye', 'Reviewer');
  const byFirstName = await newPerson(page, browser, 'Bartholomew Quill', 'Viewer');
  const { id } = await articleWithClaim(page.request, 'the ferry now runs every ten minutes');
  await page.goto(`/articles/${id}`);
  await startReviewing(page);
  await openInList(page, 'the ferry');

  const reply = page.getByRole('combobox', { name: 'Reply' });
  const people = page.getByRole('listbox', { name: 'People to mention' });
  await reply.click();
  await reply.pressSequentially('Can you check this, @');
  // All of the desk to choose from, the first one active; the arrows move through them.
  await expect(reply).toHaveAttribute('aria-expanded', 'true');
  expect(await people.getByRole('option').count()).toBeGreaterThan(1);
  const first = await reply.getAttribute('aria-activedescendant');
  await expect(people.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(reply).not.toHaveAttribute('aria-activedescendant', first!);
  await expect(people.getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true');
  // Typing narrows the list; Enter picks and closes it, the name written in full.
  await reply.pressSequentially('Ottol');
  await expect(people.getByRole('option')).toHaveText(['Ottoline Quaye']);
  await expect(page.getByText('1 person matches')).toBeAttached();
  await page.keyboard.press('Enter');
  await expect(reply).toHaveValue('Can you check this, @Ottoline Quaye ');
  await expect(reply).toHaveAttribute('aria-expanded', 'false');
  await expect(people).toBeHidden();

  // A first name typed without the list: Escape closes the list, and the text stays as typed.
  await reply.pressSequentially('and @Barth');
  await expect(people.getByRole('option')).toHaveText(['Bartholomew Quill']);
  await page.keyboard.press('Escape');
  await expect(people).toBeHidden();
  await expect(page.getByRole('form', { name: 'Edit annotation' })).toBeVisible();
  await reply.pressSequentially('olomew?');
  await page.getByRole('button', { name: 'Post reply' }).click();
  await expect(page.getByRole('region', { name: 'Discussion' })).toContainText('@Ottoline Quaye and @Bartholomew?');

  // Each is told: the mention is theirs (stored by their id), and their bell says so.
  for (const person of [chosen, byFirstName]) {
    const mentions = await query<{ body: string }[]>(person.page.request, 'comment.mentions', undefined);
    expect(mentions.map((m) => m.body)).toEqual(['Can you check this, @Ottoline Quaye and @Bartholomew?']);
    await person.page.goto('/mentions');
    const bell = person.page.getByRole('button', { name: /^Notifications/ });
    await expect(bell).toHaveAccessibleName('Notifications, 1 unread');
    await bell.click();
    await expect(person.page.getByRole('dialog', { name: 'Notifications' })).toContainText(`${ADMIN.name} mentioned you`);
  }
  // And nobody else: the admin who wrote it is not mentioned.
  expect(await query<unknown[]>(page.request, 'comment.mentions', undefined)).toEqual([]);
  await chosen.context.close();
  await byFirstName.context.close();
});

test.describe('history in the reader’s time zone', () => {
  test.use({ timezoneId: 'Asia/Kolkata' });

  test('shows times, and restoring a version shows what it changes before it applies', async ({ page }) => {
    const { id, annotationId } = await articleWithClaim(page.request, 'Tickets cost less than they did last year');
    const [saved] = await query<{ version: number }[]>(page.request, 'annotation.list', { articleId: id });
    await mustMutate(page.request, 'annotation.update', {
      id: annotationId,
      expectedVersion: saved.version,
      verdict: 'false',
      rationale: 'Second thoughts.',
      evidence: [],
    });
    await page.goto(`/articles/${id}`);
    await startReviewing(page);
    await openInList(page, 'Tickets cost');
    await page.getByRole('button', { name: 'History', exact: true }).click();
    const history = page.getByRole('region', { name: 'History', exact: true });
    await expect(history.getByRole('listitem')).toHaveCount(2);

    // Each entry's time, in India's zone (UTC+05:30), as this reader's system says.
    const oldest = history.getByRole('listitem').last();
    const time = oldest.locator('time');
    const iso = (await time.getAttribute('datetime'))!;
    const inKolkata = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'Asia/Kolkata',
    }).format(new Date(iso));
    await expect(time).toContainText(inKolkata);
    await expect(time).toContainText(/GMT\+5:30|IST/);

    // The preview: field by field, now and after; nothing is written until Restore.
    await oldest.getByRole('button', { name: /Restore this version/ }).click();
    const preview = history.getByRole('group', { name: /^Restore the version of/ });
    const rows = preview.getByRole('row');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(1)).toHaveText(/Verdict\s*False\s*Unverifiable/);
    await expect(rows.nth(2)).toHaveText(/Rationale\s*Second thoughts\.\s*First thoughts\./);
    await preview.getByRole('button', { name: 'Cancel' }).click();
    await expect(preview).toBeHidden();
    expect((await query<{ verdict: string }[]>(page.request, 'annotation.list', { articleId: id }))[0].verdict).toBe('false');

    await oldest.getByRole('button', { name: /Restore this version/ }).click();
    await preview.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(history.getByRole('listitem').first()).toContainText(`${ADMIN.name} restored the version of`);
    await expect(page.getByRole('region', { name: 'Annotations' })).toContainText('First thoughts.');
    expect((await query<{ rationale: string }[]>(page.request, 'annotation.list', { articleId: id }))[0].rationale).toBe('First thoughts.');
  });
});

test('a pending invite is listed after a reload, its link copied again, and revoked: its link then refuses', async ({
  page,
  browser,
  baseURL,
}) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  const email = `pending.${Date.now()}@example.org`;
  const link = await createInvite(page, email, 'Reviewer');
  await page.reload();

  const pending = page.getByRole('region', { name: 'Pending invites', exact: true });
  const row = pending.getByRole('row', { name: new RegExp(email.replace(/\./g, '\\.')) });
  await expect(row.getByRole('cell', { name: 'Reviewer' })).toBeVisible();
  await expect(row.locator('time')).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/);
  await row.getByRole('button', { name: `Copy link for ${email}` }).click();
  await expect(pending).toContainText(`Link for ${email} copied.`);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  await row.getByRole('button', { name: `Revoke invite for ${email}` }).click();
  await expect(pending).toContainText(`The invite for ${email} is revoked`);
  await expect(row).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Pending invites', exact: true }).getByText(email)).toHaveCount(0);

  const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const visit = await stranger.newPage();
  await visit.goto(link);
  await expect(visit.getByRole('main').getByRole('alert')).toHaveText(/This invite link was revoked by an admin/);
  await expect(visit.getByRole('button', { name: 'Create account' })).toHaveCount(0);
  await stranger.close();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('every toolbar action is reachable: the secondary ones behind More, by keyboard', async ({ page }) => {
    const { id } = await articleWithClaim(page.request, 'the ferry now runs every ten minutes');
    await page.goto(`/articles/${id}`);
    await startReviewing(page);
    const toolbar = page.getByRole('toolbar', { name: 'Article tools' });
    // One row that fits: no sideways scrolling, nothing beyond the screen's edge.
    const fits = await toolbar.evaluate((el) => ({
      scroll: el.scrollWidth,
      client: el.clientWidth,
      right: el.getBoundingClientRect().right,
    }));
    expect(fits.scroll).toBeLessThanOrEqual(fits.client);
    expect(fits.right).toBeLessThanOrEqual(390);
    const inView = async (name: string, role: 'button' | 'menuitem') => {
      const box = (await page.getByRole(role, { name, exact: true }).boundingBox())!;
      expect(box.x, name).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, name).toBeLessThanOrEqual(390);
    };
    await inView('Annotate selection', 'button');

    const more = toolbar.getByRole('button', { name: 'More' });
    await inView('More', 'button');
    await more.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'More' });
    const items = ['Update article', 'Export HTML', 'Export with drafts', 'Annotations list'];
    await expect(menu.getByRole('menuitem')).toHaveText(items);
    for (const item of items) await inView(item, 'menuitem');
    await expect(menu.getByRole('menuitem', { name: 'Update article' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(menu.getByRole('menuitem', { name: 'Export HTML' })).toBeFocused();
    await page.keyboard.press('End');
    await expect(menu.getByRole('menuitem', { name: 'Annotations list' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(menu.getByRole('menuitem', { name: 'Update article' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(more).toBeFocused();
    await expect(more).toHaveAttribute('aria-expanded', 'false');

    // Up opens on the last item; Enter on an item does what the wide toolbar's button does.
    await page.keyboard.press('ArrowUp');
    await expect(menu.getByRole('menuitem', { name: 'Annotations list' })).toBeFocused();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await expect(menu).toBeHidden();
    await expect(page.getByRole('form', { name: 'Update article' })).toBeVisible();
  });

  test('a long save error stays one line: the toolbar keeps its height, the full text stays available', async ({ page }) => {
    const { id } = await articleWithClaim(page.request, 'the ferry now runs every ten minutes');
    await page.goto(`/articles/${id}`);
    await startReviewing(page);
    const toolbar = page.getByRole('toolbar', { name: 'Article tools' });
    const before = (await toolbar.boundingBox())!.height;
    const long = `The storage volume is being migrated to a new host and refuses writes for a few minutes; ${'nothing is lost, '.repeat(6)}try again shortly`;
    await page.route('**/api/trpc/annotation.update**', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { message: long, code: -32603, data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 503 } } }),
      }),
    );
    await openInList(page, 'the ferry');
    await page.getByRole('textbox', { name: 'Rationale' }).fill('Checked against the published timetable.');
    await page.getByRole('button', { name: 'Save annotation' }).click();
    const status = toolbar.getByRole('status').filter({ hasText: /^Not saved/ });
    await expect(status).toContainText(long);
    expect((await toolbar.boundingBox())!.height).toBe(before);
    expect(await toolbar.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await page.unroute('**/api/trpc/annotation.update**');
  });
});

test.describe('at 200 % zoom on a laptop', () => {
  // 1366×900 at 200 %: the page lays out in 683×450 CSS pixels.
  test.use({ viewport: { width: 683, height: 450 } });

  test('the toolbar is one row, its secondary actions behind More', async ({ page }) => {
    const { id } = await articleWithClaim(page.request, 'the ferry now runs every ten minutes');
    await page.goto(`/articles/${id}`);
    await startReviewing(page);
    const toolbar = page.getByRole('toolbar', { name: 'Article tools' });
    const annotate = (await toolbar.getByRole('button', { name: 'Annotate selection' }).boundingBox())!;
    const bar = (await toolbar.boundingBox())!;
    // One row: less than two buttons high.
    expect(bar.height).toBeLessThan(annotate.height * 2);
    expect(await toolbar.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await toolbar.getByRole('button', { name: 'More' }).click();
    await expect(page.getByRole('menu', { name: 'More' }).getByRole('menuitem', { name: 'Export HTML' })).toBeVisible();
  });
});

test('"?" and F1 open the list of shortcuts, and so does the header’s button', async ({ page }) => {
  const { id } = await articleWithClaim(page.request, 'the ferry now runs every ten minutes');
  await page.goto(`/articles/${id}`);
  await startReviewing(page);
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeHidden();

  // From the article (a read-only text: "?" types nothing there).
  await page.getByRole('textbox', { name: 'Article', exact: true }).focus();
  await page.keyboard.press('?');
  await expect(dialog).toBeVisible();
  expect(await dialog.locator('kbd').allTextContents()).toEqual(
    expect.arrayContaining(['Ctrl+Alt+M', 'Alt+↓', 'Alt+↑', 'Ctrl+Enter', 'Escape', '?', 'F1', '@']),
  );
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.keyboard.press('F1');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // In a box, "?" is a question mark.
  await openInList(page, 'the ferry');
  const rationale = page.getByRole('textbox', { name: 'Rationale' });
  await rationale.fill('Really');
  await rationale.press('?');
  await expect(rationale).toHaveValue('Really?');
  await expect(dialog).toBeHidden();

  await page.getByRole('banner').getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(dialog).toBeVisible();
});
