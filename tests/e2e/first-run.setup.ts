// Runs first, against the empty database of this run: every page leads to the
// setup page, and the first account is an admin who is signed in. The other
// tests start from the browser state saved here.
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { ADMIN, EDITOR, PASSWORD } from './helpers';

test('first run: every page leads to setup, and the first account is a signed-in admin', async ({ page }) => {
  for (const path of ['/', '/articles/1', '/settings', '/sign-in']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/setup$/);
  }
  // The API answers nothing to a signed-out caller meanwhile.
  expect((await page.request.get('/api/trpc/article.list')).status()).toBe(401);

  await expect(page.getByRole('heading', { name: 'Create the first account' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Name' }).fill(ADMIN.name);
  await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create account' }).click();

  // Home, with what to do next.
  await expect(page).toHaveURL(/\/\?welcome$/);
  const next = page.getByRole('region', { name: 'Your desk is ready: what next' });
  await expect(next.getByRole('link', { name: 'Import an article' })).toBeVisible();
  await expect(next.getByRole('link', { name: 'Invite people' })).toHaveAttribute('href', '/settings/people');
  await expect(page.getByText(`Signed in as ${ADMIN.name} (Admin)`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' })).toBeVisible();

  // Setup is over: the page now sends people home, and the procedure refuses a second admin.
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/$/);
  const again = await page.request.post('/api/trpc/account.setup', {
    data: { name: 'Mallory', email: 'm@example.org', password: 'another-password' },
  });
  expect(again.status()).toBe(403);

  await page.context().storageState({ path: process.env.E2E_ADMIN_STATE! });

  // The desk's editor, who approves what the admin annotates in the other tests.
  const invite = await page.request.post('/api/trpc/people.invite', { data: { email: EDITOR.email, role: 'editor' } });
  const { token } = (await invite.json()).result.data as { token: string };
  const editor = await playwrightRequest.newContext({ baseURL: new URL(page.url()).origin });
  expect((await editor.post('/api/trpc/account.acceptInvite', { data: { token, name: EDITOR.name, password: PASSWORD } })).status()).toBe(
    200,
  );
  await editor.storageState({ path: process.env.E2E_EDITOR_STATE! });
  await editor.dispose();
});
