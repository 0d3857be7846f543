import { expect, type Page } from '@playwright/test';
import { CREDIT_ARTICLE_FILE } from '../fixtures';

/** The article file the upload tests import, committed with the tests. */
export const ANT_ARTICLE = CREDIT_ARTICLE_FILE;

/** The page's own alerts (Next.js adds a route announcer with role=alert outside <main>). */
export const alert = (page: Page) => page.getByRole('main').getByRole('alert');

export const editor = (page: Page) => page.getByRole('textbox', { name: 'Article', exact: true });

/** Opens an article and gets past the reviewer-name prompt, waiting for the editor to hydrate. */
export async function startReviewing(page: Page, name = 'Rita Reviewer') {
  await expect(editor(page)).toBeVisible();
  const nameBox = page.getByRole('textbox', { name: 'Your name' });
  await expect(nameBox).toBeVisible();
  await nameBox.fill(name);
  await page.getByRole('button', { name: 'Start reviewing' }).click();
  await expect(page.getByText(`Reviewing as ${name}`)).toBeVisible();
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
        const hit = nodes.find((n) => (end ? offset > n.start && offset <= n.start + n.node.data.length : offset >= n.start && offset < n.start + n.node.data.length))!;
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
  status?: 'Draft' | 'Final';
  claimAuthor?: string;
}

export async function annotate(page: Page, claim: ClaimInput) {
  await selectInArticle(page, claim.exact);
  await page.getByRole('button', { name: 'Annotate selection' }).click();
  await page.getByLabel('Verdict').selectOption({ label: claim.verdict });
  await page.getByRole('textbox', { name: 'Rationale' }).fill(claim.rationale);
  if (claim.status) await page.getByLabel('Status').selectOption({ label: claim.status });
  if (claim.claimAuthor) {
    await page.getByRole('textbox', { name: 'Claim made by' }).fill(claim.claimAuthor);
  }
  for (const e of claim.evidence) {
    await page.getByRole('textbox', { name: 'Evidence URL' }).fill(e.url);
    await page.getByRole('textbox', { name: 'Evidence title' }).fill(e.title);
    await page.getByRole('button', { name: 'Add evidence' }).click();
  }
  await page.getByRole('button', { name: 'Save annotation' }).click();
  await expect(page.getByRole('button', { name: 'Save annotation' })).toBeHidden();
  await expectAllSaved(page);
}

export async function expectAllSaved(page: Page) {
  await expect(page.getByRole('status').filter({ hasText: /^(All changes saved|Saving…|Not saved)/ })).toHaveText('All changes saved');
}

/** For each annotation id in `scope`, the text of all elements that list it, in document order. */
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
