import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CREDIT_ARTICLE_FILE } from '../fixtures';

/** The article file the upload tests import, committed with the tests. */
export const ANT_ARTICLE = CREDIT_ARTICLE_FILE;

/** The page's own alerts (Next.js adds a route announcer with role=alert outside <main>). */
export const alert = (page: Page) => page.getByRole('main').getByRole('alert');

export const editor = (page: Page) => page.getByRole('textbox', { name: 'Article', exact: true });

/** Opens an article as the signed-in person, waiting for the editor to hydrate. */
export async function startReviewing(page: Page) {
  await expect(editor(page)).toBeVisible();
  await expect(page.locator('.ProseMirror[contenteditable]')).toBeVisible();
}

export async function importText(page: Page, text: string, title = '') {
  await page.goto('/');
  if (title) await page.getByRole('textbox', { name: 'Title' }).fill(title);
  await page.getByRole('textbox', { name: 'Article text' }).fill(text);
  await page.getByRole('button', { name: 'Import article' }).click();
  await expect(page).toHaveURL(/\/articles\/\d+$/);
}

/**
 * Selects `exact` in the article the way a mouse drag would: a DOM range over
 * the editor's text nodes (skipping verdict badges), with the editor focused so
 * ProseMirror reads the selection.
 */
export async function selectInArticle(page: Page, exact: string, occurrence = 0) {
  await editor(page).focus();
  await page.evaluate(
    ({ exact, occurrence }) => {
      const root = document.querySelector('[aria-label="Article"]')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        acceptNode: (n) => (n.parentElement?.closest('[contenteditable="false"]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
      });
      const nodes: { node: Text; start: number }[] = [];
      let text = '';
      while (walker.nextNode()) {
        const node = walker.currentNode as Text;
        nodes.push({ node, start: text.length });
        text += node.data;
      }
      let index = -1;
      for (let i = 0; i <= occurrence; i++) index = text.indexOf(exact, index + 1);
      if (index < 0) throw new Error(`Text not in the article: ${exact}`);
      const at = (offset: number, end: boolean) => {
        const hit = nodes.find((n) =>
          end ? offset > n.start && offset <= n.start + n.node.data.length : offset >= n.start && offset < n.start + n.node.data.length,
        )!;
        return [hit.node, offset - hit.start] as const;
      };
      const range = document.createRange();
      range.setStart(...at(index, false));
      range.setEnd(...at(index + exact.length, true));
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    },
    { exact, occurrence },
  );
  await expect(page.locator('#annotate-hint')).toContainText('selected');
}

export interface ClaimInput {
  exact: string;
  verdict: string;
  rationale: string;
  evidence: { url: string; title: string }[];
  claimAuthor?: string;
}

export async function annotate(page: Page, claim: ClaimInput) {
  await selectInArticle(page, claim.exact);
  await page.getByRole('button', { name: 'Annotate selection' }).click();
  await page.getByLabel('Verdict').selectOption({ label: claim.verdict });
  await page.getByRole('textbox', { name: 'Rationale' }).fill(claim.rationale);
  if (claim.claimAuthor) {
    await page.getByRole('textbox', { name: 'Claim made by' }).fill(claim.claimAuthor);
  }
  for (const e of claim.evidence) {
    await page.getByRole('textbox', { name: 'Evidence URL' }).fill(e.url);
    await page.getByRole('textbox', { name: 'Evidence title' }).fill(e.title);
    await page.getByRole('button', { name: 'Add evidence' }).click();
  }
  await page.getByRole('button', { name: 'Save annotation' }).click();
  // Saving keeps the panel open on the saved annotation; Close puts it away, as a desk does before the next claim.
  await expect(page.getByRole('heading', { name: 'Edit annotation' })).toBeVisible();
  await closePanel(page);
  // The selection collapses after saving, so the same claim is not annotated twice by accident.
  await expect(page.locator('#annotate-hint')).not.toContainText('selected');
  await expectAllSaved(page);
}

/** Closes the open annotation's panel (Save keeps it open). */
export async function closePanel(page: Page) {
  await page.getByRole('complementary').getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Save annotation' })).toBeHidden();
}

export async function expectAllSaved(page: Page) {
  await expect(page.getByRole('status').filter({ hasText: /^(All changes saved|Saving…|Not saved)/ })).toHaveText('All changes saved');
}

/** For each annotation id in `scope`, the text of all elements that list it, in document order. */
/**
 * Restores an earlier version of the open annotation through its history and
 * the preview Restore shows first: opens the history, waits for its `entries`
 * entries (newest first) and restores the `n`th, 1 the newest. Returns the
 * history, which then starts with the restore.
 */
export async function restoreVersion(page: Page, n: number, entries: number) {
  await page.getByRole('button', { name: 'History', exact: true }).click();
  const history = page.getByRole('region', { name: 'History', exact: true });
  await expect(history.getByRole('listitem')).toHaveCount(entries);
  await history
    .getByRole('listitem')
    .nth(n - 1)
    .getByRole('button', { name: /Restore this version/ })
    .click();
  // It shows what it changes first; Restore applies it.
  await history
    .getByRole('group', { name: /^Restore the version of/ })
    .getByRole('button', { name: 'Restore', exact: true })
    .click();
  await expect(history.getByRole('listitem').first()).toContainText('restored the version of');
  return history;
}

export async function highlightedTexts(page: Page, selector: string): Promise<Map<string, { text: string; verdicts: Set<string> }>> {
  const entries = await page.evaluate((selector) => {
    const out: Record<string, { text: string; verdicts: string[] }> = {};
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      const ids = el.dataset.annotationId!.split(' ');
      const verdicts = el.dataset.verdict!.split(' ');
      ids.forEach((id, i) => {
        out[id] ??= { text: '', verdicts: [] };
        out[id].text += el.textContent;
        out[id].verdicts.push(verdicts[i]);
      });
    }
    return out;
  }, selector);
  return new Map(Object.entries(entries).map(([id, v]) => [id, { text: v.text, verdicts: new Set(v.verdicts) }]));
}

/** The first account, made by the first-run test; every other test starts signed in as this admin. */
export const ADMIN = { name: 'Ada Admin', email: 'ada@example.org', password: 'first-admin-password' };

export const PASSWORD = 'a-long-enough-password';

/** Made by the first-run test too: approves what the admin annotates (see signOffArticle in api.ts). */
export const EDITOR = { name: 'Eli Editor', email: 'eli@example.org' };

export type RoleLabel = 'Admin' | 'Editor' | 'Reviewer' | 'Viewer';

/** The admin (signed in on `page`) invites `email` with a role on the People page and reads the link. */
export async function createInvite(page: Page, email: string, role: RoleLabel): Promise<string> {
  await page.goto('/settings/people');
  const form = page.getByRole('form', { name: 'Invite someone' });
  await form.getByRole('textbox', { name: 'Email' }).fill(email);
  await form.getByRole('combobox', { name: 'Role' }).selectOption({ label: role });
  await form.getByRole('button', { name: 'Create invite' }).click();
  const link = form.getByRole('textbox', { name: 'Invite link' });
  await expect(link).toHaveValue(/\/invite\/[A-Za-z0-9_-]{43}$/);
  return link.inputValue();
}

/** A new browser (no cookies) where the invited person joins through the link; it ends signed in. */
export async function joinWithInvite(browser: Browser, link: string, name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: new URL(link).origin, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(link);
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(`Signed in as ${name}`)).toBeVisible();
  return { context, page };
}

let people = 0;
/** Invites and signs in a new person with `role`, in a browser of their own. */
export async function newPerson(admin: Page, browser: Browser, name: string, role: RoleLabel) {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z]+/g, '.')
      .replace(/^\.+|\.+$/g, '') || 'person';
  const email = `${slug}.${Date.now()}.${++people}@example.org`;
  const link = await createInvite(admin, email, role);
  return { ...(await joinWithInvite(browser, link, name)), email };
}
