// Takes the README's screenshots from a running app: `npm start` on a fresh
// database, then `node tests/screenshots/capture.mjs [http://localhost:3000]`.
// On a fresh database it creates the first account; otherwise it signs in with
// SCREENSHOT_EMAIL and SCREENSHOT_PASSWORD.
import { chromium } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const base = process.argv[2] ?? 'http://localhost:3000';
const out = path.dirname(fileURLToPath(import.meta.url));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
const email = process.env.SCREENSHOT_EMAIL ?? 'sam@example.org';
const password = process.env.SCREENSHOT_PASSWORD ?? 'screenshot-password';
await page.goto(base);
if (page.url().endsWith('/setup')) {
  await page.getByRole('textbox', { name: 'Name' }).fill('Sam Checker');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
} else if (page.url().includes('/sign-in')) {
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
await page.getByRole('button', { name: 'Sign out' }).waitFor();
await page.getByRole('link', { name: /Harbour Town/ }).first().click();
await page.getByRole('textbox', { name: 'Article', exact: true }).waitFor();
await page.getByRole('region', { name: 'Annotations' }).getByRole('button', { name: /cut rush-hour/ }).first().click();
await page.waitForTimeout(500);
await page.screenshot({ path: path.join(out, 'editor.png') });

const response = await page.request.get(`${page.url()}/export`);
await page.setContent(await response.text());
await page.screenshot({ path: path.join(out, 'export.png'), fullPage: false });
await page.emulateMedia({ colorScheme: 'dark' });
await page.screenshot({ path: path.join(out, 'export-dark.png'), fullPage: false });
await browser.close();
console.log(`Screenshots written to ${out}`);
