import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { mustMutate, query, signOffArticle } from './api';
import { annotate, editor, expectAllSaved, highlightedTexts, selectInArticle, startReviewing } from './helpers';

const TITLE = 'Council says the new ferry halved crossing times';
const P1 =
  'The council said on Monday that the new electric ferry has halved crossing times between the two harbours since it entered service in March.';
const P2 = 'According to the operator, the ferry carried 1.2 million passengers in its first year of service.';
const P3 = 'A spokesperson added that ticket prices have not risen since 2019, despite higher energy costs.';
const P4 = 'Local businesses on both sides of the water have welcomed the change.';

const CLAIMS = {
  moved: { exact: 'halved crossing times between the two harbours', verdict: 'Mostly false' },
  reworded: { exact: 'the ferry carried 1.2 million passengers in its first year', verdict: 'True' },
  deleted: { exact: 'ticket prices have not risen since 2019', verdict: 'False' },
};

// Claim 1 moves to another paragraph (its sentence with it), claim 2 is reworded slightly, claim 3 is gone.
const REVISED = [
  TITLE,
  'According to the operator, the ferry carried 1.25 million passengers in its first full year of service.',
  `${P4} ${P1}`,
].join('\n\n');

let server: http.Server;
let pageUrl = '';
test.beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><title>${TITLE} | Harbour Gazette</title>
      <meta name="author" content="Jo Reporter"><meta property="article:published_time" content="2026-10-01">
      </head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
      <article><h1>${TITLE}</h1><p>${P1}</p><p>${P2}</p><p>${P3}</p><p>${P4}</p></article>
      <footer>© Harbour Gazette</footer><script>document.title = 'hijacked'</script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ferry`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('fetch an article, revise it, and keep every annotation', async ({ page }, testInfo) => {
  test.slow();
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Article URL' }).fill(pageUrl);
  await page.getByRole('button', { name: 'Fetch article' }).click();
  await expect(page).toHaveURL(/\/articles\/\d+$/);
  await startReviewing(page);
  await expect(editor(page)).toContainText(P2);
  await expect(editor(page)).not.toContainText('Harbour Gazette');

  for (const claim of Object.values(CLAIMS)) {
    await annotate(page, {
      ...claim,
      rationale: `Checked: ${claim.exact}`,
      evidence: [{ url: 'https://records.example/ferry', title: 'Ferry records' }],
    });
  }
  const { origin } = new URL(page.url());
  const articleId = Number(page.url().split('/').pop());
  await signOffArticle(page.request, origin, articleId);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Annotations' }).getByRole('listitem').filter({ hasText: 'Approved' })).toHaveCount(3);

  await page.getByRole('button', { name: 'Update article' }).click();
  const form = page.getByRole('form', { name: 'Update article' });
  await form.getByRole('textbox', { name: 'Article text' }).fill(REVISED);
  await form.getByRole('button', { name: 'Save revision' }).click();
  await expect(
    page.getByText(/Revision 2 saved\. Annotations: 1 unchanged, 0 moved, 1 placed by fuzzy match, 1 need re-anchoring/),
  ).toBeVisible();
  await expect(editor(page)).toContainText('1.25 million passengers');

  const sidebar = page.getByRole('region', { name: 'Annotations' });
  // Found verbatim with its surrounding words in another paragraph: exact, nothing for a human to check.
  const movedItem = sidebar.getByRole('listitem').filter({ hasText: CLAIMS.moved.exact });
  await expect(movedItem).toBeVisible();
  await expect(movedItem).not.toContainText('moved');
  await expect(movedItem).not.toContainText('fuzzy');
  await expect(movedItem.getByRole('button', { name: /Confirm position/ })).toHaveCount(0);
  const fuzzyItem = sidebar.getByRole('listitem').filter({ hasText: 'passengers' });
  await expect(fuzzyItem).toContainText('fuzzy');
  // A reworded claim is not published on its old approval: back to review, with both quotes side by side.
  await expect(fuzzyItem).toContainText('In review');
  await expect(fuzzyItem).toContainText(`Was: “${CLAIMS.reworded.exact}”`);
  await expect(fuzzyItem).toContainText('Now: “the ferry carried 1.25 million passengers in its first');
  await expect(movedItem).toContainText('Approved');
  const beforeApproval = await (await page.request.get(`${page.url().replace(/\/$/, '')}/export.json`)).json();
  expect(beforeApproval.notes.map((n: { exact: string }) => n.exact)).toEqual([CLAIMS.moved.exact]);

  const orphans = page.getByRole('region', { name: 'Needs re-anchoring' });
  await expect(orphans).toContainText(CLAIMS.deleted.exact);
  await expect(orphans).toContainText('False');
  await page.screenshot({ path: testInfo.outputPath('after-revision.png'), fullPage: true });

  const texts = [...(await highlightedTexts(page, '[aria-label="Article"] [data-annotation-id]')).values()].map((v) => v.text);
  expect(texts).toContain(CLAIMS.moved.exact);
  expect(texts.find((t) => t.includes('passengers'))).toMatch(/the ferry carried 1\.25 million passengers in its first/);
  expect(texts).toHaveLength(2);
  // Screen readers hear the same from the highlights: the fuzzy match is flagged, the exact one is not.
  await expect(editor(page).locator('mark').filter({ hasText: 'passengers' })).toHaveAccessibleDescription(
    'Annotation: True, in review, fuzzy match',
  );
  await expect(editor(page).locator('mark').filter({ hasText: CLAIMS.moved.exact })).toHaveAccessibleDescription(
    'Annotation: Mostly false, approved',
  );

  // Re-attach the orphan to new text.
  await selectInArticle(page, 'Local businesses on both sides of the water have welcomed the change.');
  await orphans.getByRole('button', { name: 'Re-attach to selection' }).click();
  await expectAllSaved(page);
  await expect(orphans).toBeHidden();
  await page.reload();
  await expect(editor(page)).toBeVisible();
  const after = [...(await highlightedTexts(page, '[aria-label="Article"] [data-annotation-id]')).values()].map((v) => v.text);
  expect(after).toContain('Local businesses on both sides of the water have welcomed the change.');
  expect(after).toHaveLength(3);

  // The earlier revision is still readable.
  await page.getByRole('link', { name: /Revision 1/ }).click();
  await expect(page.getByText(P3)).toBeVisible();
  await page.goBack();

  // Once the fuzzy match is confirmed and both are approved again, the export shows all three.
  await page
    .getByRole('region', { name: 'Annotations' })
    .getByRole('button', { name: /^Confirm position/ })
    .click();
  await expectAllSaved(page);
  // 1.2 became 1.25 under a verdict: someone says it still holds before it is approved again (recheck.spec.ts shows the panel).
  const reworded = (
    await query<{ id: string; version: number; recheckQuote: string | null }[]>(page.request, 'annotation.list', { articleId })
  ).find((a) => a.recheckQuote === CLAIMS.reworded.exact)!;
  await mustMutate(page.request, 'annotation.answerVerdictQuestion', {
    id: reworded.id,
    expectedVersion: reworded.version,
    answer: 'keep',
  });
  await signOffArticle(page.request, origin, articleId);
  const html = await (await page.request.get(`${page.url().replace(/\/$/, '')}/export`)).text();
  await page.setContent(html);
  const marks = [...(await highlightedTexts(page, 'mark[data-annotation-id]')).values()].map((v) => v.text);
  expect(marks).toHaveLength(3);
  expect(marks).toContain(CLAIMS.moved.exact);
});
