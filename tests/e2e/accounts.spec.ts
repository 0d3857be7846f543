// Real people and roles, end to end: invites, joining, what each role sees and
// what the server refuses, signing in and out, and the sign-in limits.
import Database from 'better-sqlite3';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN, PASSWORD, alert, annotate, createInvite, editor, importText, joinWithInvite, newPerson, startReviewing } from './helpers';

/** The tRPC error a request got: status and the sentence a person reads. */
async function trpcPost(request: APIRequestContext, path: string, data: unknown) {
  const response = await request.post(`/api/trpc/${path}`, { data });
  const body = await response.json();
  return { status: response.status(), message: (body.error?.message ?? '') as string, code: body.error?.data?.code as string | undefined };
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a desk of four roles: each joins through an invite and gets what its role allows, on screen and from the API', async ({
  page,
  browser,
}) => {
  // Four people in four browser contexts, each through an invite: a long story, given three times the usual time.
  test.slow();
  const editorPerson = await newPerson(page, browser, 'Eda Editor', 'Editor');
  const reviewer = await newPerson(page, browser, 'Remy Reviewer', 'Reviewer');
  const viewer = await newPerson(page, browser, 'Val Viewer', 'Viewer');
  await page.goto('/settings/people');
  const people = page.getByRole('table');
  for (const [name, role] of [
    ['Eda Editor', 'editor'],
    ['Remy Reviewer', 'reviewer'],
    ['Val Viewer', 'viewer'],
  ]) {
    await expect(people.getByRole('combobox', { name: `Role of ${name}` })).toHaveValue(role);
  }

  // The editor imports and annotates; the reviewer annotates too, under their own name.
  await importText(
    editorPerson.page,
    'Mayor claims buses are free\n\nThe mayor said all buses are now free for everyone.\n\nFares were cut by half for pupils only.',
  );
  const articleUrl = editorPerson.page.url();
  await startReviewing(editorPerson.page);
  await annotate(editorPerson.page, {
    exact: 'all buses are now free for everyone',
    verdict: 'False',
    rationale: 'Only pupils pay less.',
    evidence: [],
  });

  await reviewer.page.goto(articleUrl);
  await startReviewing(reviewer.page);
  await annotate(reviewer.page, {
    exact: 'Fares were cut by half for pupils only',
    verdict: 'True',
    rationale: 'The council minutes say so.',
    evidence: [],
  });
  const reviewerList = reviewer.page.getByRole('region', { name: 'Annotations' });
  await reviewer.page.reload();
  await expect(reviewerList.getByRole('listitem').filter({ hasText: 'Fares were cut' })).toContainText('Remy Reviewer');
  await expect(reviewerList.getByRole('listitem').filter({ hasText: 'all buses' })).toContainText('Eda Editor');

  // The reviewer may look at the editor's annotation but not change or delete it.
  await expect(
    reviewerList
      .getByRole('listitem')
      .filter({ hasText: 'all buses' })
      .getByRole('button', { name: /^Delete/ }),
  ).toHaveCount(0);
  await reviewerList.getByRole('button', { name: /^“all buses/ }).click();
  await expect(reviewer.page.getByText("Only editors and admins can edit another reviewer's annotation.")).toBeVisible();
  await expect(reviewer.page.getByRole('button', { name: 'Save annotation' })).toHaveCount(0);
  await expect(reviewer.page.getByRole('textbox', { name: 'Rationale' })).toBeDisabled();
  // ...and the server refuses it whatever the page shows.
  const list = await reviewer.context.request.get(
    `/api/trpc/annotation.list?input=${encodeURIComponent(JSON.stringify({ articleId: Number(articleUrl.split('/').pop()) }))}`,
  );
  const annotations = (await list.json()).result.data as { id: string; author: string; version: number }[];
  const editors = annotations.find((a) => a.author === 'Eda Editor')!;
  const refused = await trpcPost(reviewer.context.request, 'annotation.update', {
    id: editors.id,
    expectedVersion: editors.version,
    verdict: 'true',
    rationale: 'mine now',
    evidence: [],
  });
  expect(refused).toMatchObject({
    status: 403,
    code: 'FORBIDDEN',
    message: "Only editors and admins can edit another reviewer's annotation",
  });
  expect((await trpcPost(reviewer.context.request, 'annotation.delete', { id: editors.id })).status).toBe(403);

  // The editor may change the reviewer's annotation; the reviewer stays its author.
  await editorPerson.page.reload();
  const editorList = editorPerson.page.getByRole('region', { name: 'Annotations' });
  await editorList.getByRole('button', { name: /^“Fares were cut/ }).click();
  await editorPerson.page.getByRole('textbox', { name: 'Rationale' }).fill('Council minutes, item 4.');
  await editorPerson.page.getByRole('button', { name: 'Save annotation' }).click();
  await expect(editorList.getByRole('listitem').filter({ hasText: 'Fares were cut' })).toContainText(
    'Remy Reviewer · edited by Eda Editor',
  );

  // The viewer reads everything but has no control that changes anything, and the API refuses them.
  await viewer.page.goto(articleUrl);
  await expect(editor(viewer.page)).toBeVisible();
  await expect(viewer.page.getByRole('region', { name: 'Annotations' }).getByRole('listitem')).toHaveCount(2);
  for (const name of [/^Annotate selection$/, /^Update article$/, /^Delete/, /^Confirm position/, /^Re-attach/]) {
    await expect(viewer.page.getByRole('button', { name })).toHaveCount(0);
  }
  await expect(viewer.page.getByLabel('Import annotations')).toHaveCount(0);
  await viewer.page.goto('/');
  await expect(viewer.page.getByRole('button', { name: 'Import article' })).toHaveCount(0);
  await expect(viewer.page.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  const viewerCreate = await trpcPost(viewer.context.request, 'annotation.create', { not: 'even valid input' });
  expect(viewerCreate.status).toBe(403);
  expect(viewerCreate.message).toMatch(/only reviewers, editors and admins/);
  expect((await trpcPost(viewer.context.request, 'article.import', { text: 'x' })).status).toBe(403);
  expect((await viewer.page.goto('/settings/people'))?.status()).toBe(404);
  expect((await trpcPost(reviewer.context.request, 'people.invite', { email: 'x@example.org', role: 'admin' })).status).toBe(403);
  // Exports are for every signed-in role.
  expect((await viewer.context.request.get(`${articleUrl}/export`)).status()).toBe(200);

  // Removing access ends the viewer's session at once.
  page.on('dialog', (d) => void d.accept());
  await page.goto('/settings/people');
  await page.getByRole('button', { name: 'Remove access for Val Viewer' }).click();
  await expect(page.getByRole('row', { name: /Val Viewer/ })).toContainText('Access removed');
  await viewer.page.goto(articleUrl);
  await expect(viewer.page).toHaveURL(/\/sign-in\?next=/);
  await signIn(viewer.page, viewer.email, PASSWORD);
  await expect(alert(viewer.page)).toHaveText('Wrong email or password.');

  for (const p of [editorPerson, reviewer, viewer]) await p.context.close();
});

test('the last admin cannot be demoted, and the server says why', async ({ page }) => {
  await page.goto('/settings/people');
  await page.getByRole('combobox', { name: `Role of ${ADMIN.name}` }).selectOption({ label: 'Editor' });
  await expect(page.getByRole('main').getByRole('alert')).toContainText('The desk needs at least one admin');
  await page.reload();
  await expect(page.getByRole('combobox', { name: `Role of ${ADMIN.name}` })).toHaveValue('admin');
});

test('signed out: pages lead to sign-in and back, route handlers answer 401, wrong passwords get one message', async ({
  browser,
  page,
}) => {
  await importText(page, 'Signed-out check\n\nA paragraph to export.');
  const { origin, pathname: articlePath } = new URL(page.url());
  const context = await browser.newContext({ baseURL: origin, storageState: { cookies: [], origins: [] } });
  const out = await context.newPage();

  for (const path of ['/', articlePath, `${articlePath}/revisions/1`, '/settings', '/settings/people']) {
    await out.goto(path);
    await expect(out).toHaveURL(`${origin}/sign-in?next=${encodeURIComponent(path)}`);
  }
  const exportResponse = await context.request.get(`${articlePath}/export`, { maxRedirects: 0 });
  expect(exportResponse.status()).toBe(303);
  expect(exportResponse.headers().location).toBe(`/sign-in?next=${encodeURIComponent(`${articlePath}/export`)}`);
  expect((await context.request.get(`${articlePath}/export.json`)).status()).toBe(401);
  expect((await context.request.get(`/api${articlePath}/annotations.jsonld`)).status()).toBe(401);
  expect((await context.request.get('/api/trpc/article.list')).status()).toBe(401);
  // The role is checked before the input: a signed-out caller learns nothing about the input's shape.
  const refused = await trpcPost(context.request, 'annotation.create', { id: 'x' });
  expect(refused).toMatchObject({ status: 401, code: 'UNAUTHORIZED', message: 'Sign in to continue' });

  // A wrong email and a wrong password read the same.
  await out.goto(articlePath);
  await signIn(out, 'nobody@example.org', ADMIN.password);
  await expect(alert(out)).toHaveText('Wrong email or password.');
  await signIn(out, ADMIN.email, 'not-the-password');
  await expect(alert(out)).toHaveText('Wrong email or password.');
  // The right one returns to the page asked for.
  await signIn(out, ADMIN.email, ADMIN.password);
  await expect(out).toHaveURL(`${origin}${articlePath}`);
  await expect(editor(out)).toBeVisible();
  await expect(out.getByText(`Signed in as ${ADMIN.name}`)).toBeVisible();

  await out.getByRole('button', { name: 'Sign out' }).click();
  await expect(out).toHaveURL(/\/sign-in$/);
  await out.goto(articlePath);
  await expect(out).toHaveURL(/\/sign-in\?next=/);
  await context.close();
});

test('invite links work once and expire after seven days', async ({ page, browser }) => {
  const usedLink = await createInvite(page, `once.${Date.now()}@example.org`, 'Reviewer');
  const first = await joinWithInvite(browser, usedLink, 'Olga Once');
  await first.context.close();
  const again = await browser.newPage({ storageState: { cookies: [], origins: [] } });
  await again.goto(usedLink);
  await expect(again.getByRole('main').getByRole('alert')).toHaveText(/already been used/);
  await expect(again.getByRole('button', { name: 'Create account' })).toHaveCount(0);

  const email = `late.${Date.now()}@example.org`;
  const lateLink = await createInvite(page, email, 'Viewer');
  // Age the invite in the server's own SQLite file, as eight days would.
  const db = new Database(process.env.E2E_DATABASE_FILE!);
  db.prepare('UPDATE invites SET expires_at = ? WHERE email = ?').run(new Date(Date.now() - 86_400_000).toISOString(), email);
  db.close();
  await again.goto(lateLink);
  await expect(again.getByRole('main').getByRole('alert')).toHaveText(/expired/);
  await again.goto(`${new URL(lateLink).origin}/invite/not-a-real-token`);
  await expect(again.getByRole('main').getByRole('alert')).toHaveText(/not valid/);
  await again.context().close();
});

test('rapid wrong passwords for one account: the next attempt is refused with a message to wait', async ({ page, browser }) => {
  const victim = await newPerson(page, browser, 'Tess Target', 'Reviewer');
  await victim.context.close();
  const out = await browser.newPage({ storageState: { cookies: [], origins: [] } });
  await out.goto(new URL('/sign-in', page.url()).href);
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signIn(out, victim.email, `wrong-guess-${attempt}`);
    await expect(alert(out)).toHaveText('Wrong email or password.');
    await out.getByRole('textbox', { name: 'Email' }).fill('');
  }
  // The sixth is refused before the password is even checked, even the right one.
  await signIn(out, victim.email, PASSWORD);
  // The back-off counts from the fifth failure, so a slow machine may already be some seconds into it.
  await expect(alert(out)).toHaveText(/Too many failed sign-in attempts\. Wait (a minute|\d+ minutes|\d+ seconds) and try again\./);
  await out.context().close();
});

test('a cross-site form post changes nothing and gets a tRPC refusal', async ({ page }) => {
  await page.goto('/');
  const before = await page.getByRole('main').getByRole('listitem').count();
  const response = await page.request.post('/api/trpc/article.import', {
    headers: { Origin: 'https://evil.example', 'Content-Type': 'text/plain' },
    data: JSON.stringify({ text: 'Planted article' }),
  });
  expect(response.status()).toBe(403);
  expect((await response.json()).error).toMatchObject({
    message: 'Refused: this request came from another site',
    data: { code: 'FORBIDDEN' },
  });
  await page.reload();
  await expect(page.getByRole('main').getByRole('listitem')).toHaveCount(before);
});
