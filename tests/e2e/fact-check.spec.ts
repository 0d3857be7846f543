import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { signOffArticle } from './api';
import { ADMIN, ANT_ARTICLE, annotate, editor, expectAllSaved, highlightedTexts, importText, startReviewing } from './helpers';

const CLAIMS = [
  {
    exact: 'Beijing forced him to hand over consumer data',
    verdict: 'Misleading',
    key: 'misleading',
    rationale: 'The body says regulators want the data shared; it does not report that anything was handed over.',
    evidence: [{ url: 'https://www.wsj.com/articles/ant-group-data', title: 'WSJ, Jan. 6' }],
  },
  {
    exact: 'the Ant Group has made loans to 500 million people',
    verdict: 'Mostly true',
    key: 'mostly-true',
    rationale: 'Ant’s IPO prospectus reports about 500 million borrowers over the year.',
    evidence: [{ url: 'https://example.org/ant-prospectus?a=1&b=2', title: 'Ant Group prospectus <2020>' }],
  },
  {
    // Overlaps the previous claim on "500 million people".
    exact: '500 million people, with most of the lending funds coming from about 100 commercial banks',
    verdict: 'Unverifiable',
    key: 'unverifiable',
    rationale: 'No list of partner banks is public. <script>alert("x")</script>',
    evidence: [{ url: 'https://example.org/banks', title: 'Partner bank statement' }],
  },
];

test('import, annotate overlapping claims, reload, and export annotated HTML', async ({ page }, testInfo) => {
  await page.goto('/');
  await page.getByLabel('Upload file').setInputFiles(ANT_ARTICLE);
  await page.getByRole('button', { name: 'Import article' }).click();
  await expect(page).toHaveURL(/\/articles\/\d+$/);
  const articleUrl = page.url();
  await startReviewing(page);
  await expect(editor(page)).toContainText('Jack Ma in trouble again?');

  for (const claim of CLAIMS) await annotate(page, claim);

  const sidebar = page.getByRole('region', { name: 'Annotations' });
  await expect(sidebar.getByRole('listitem')).toHaveCount(3);

  // After a reload everything comes back from the database, on exactly the same text.
  await page.reload();
  await expect(editor(page)).toBeVisible();
  await expect(sidebar.getByRole('listitem')).toHaveCount(3);
  const inEditor = await highlightedTexts(page, '[aria-label="Article"] [data-annotation-id]');
  expect([...inEditor.values()].map((v) => v.text).sort()).toEqual(CLAIMS.map((c) => c.exact).sort());
  for (const claim of CLAIMS) {
    const entry = [...inEditor.values()].find((v) => v.text === claim.exact)!;
    expect([...entry.verdicts]).toEqual([claim.key]);
  }
  // The overlap is one element that names both annotations.
  const overlap = editor(page).locator('[data-annotation-id*=" "]');
  await expect(overlap).toHaveText('500 million people');
  // Every verdict is also told in words, not by colour alone: by a badge next to its text, and to
  // assistive technology by the highlight's description (with its status).
  for (const claim of CLAIMS) {
    await expect(editor(page).locator(`[data-badge-verdict="${claim.key}"]`)).toContainText(claim.verdict);
    await expect(editor(page).locator(`mark[data-verdict="${claim.key}"]`)).toHaveAccessibleDescription(
      `Annotation: ${claim.verdict}, draft`,
    );
  }
  await expect(overlap).toHaveAccessibleDescription('Annotations: Mostly true, draft; Unverifiable, draft');
  // The sidebar lists them in document order, with verdict and evidence count.
  await expect(sidebar.getByRole('listitem').nth(0)).toContainText('Misleading');
  await expect(sidebar.getByRole('listitem').nth(1)).toContainText('Mostly true');
  await expect(sidebar.getByRole('listitem').nth(2)).toContainText('1 evidence link');

  // Signed off (the admin submits, the desk's editor approves): only approved annotations are published.
  await signOffArticle(page.request, new URL(articleUrl).origin, Number(articleUrl.split('/').pop()));
  await page.reload();
  await expect(sidebar.getByRole('listitem').filter({ hasText: 'Approved' })).toHaveCount(3);

  // Export: a download of one self-contained HTML file.
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export HTML' }).click();
  const download = await downloadPromise;
  const file = testInfo.outputPath('export.html');
  await download.saveAs(file);
  const html = fs.readFileSync(file, 'utf8');
  // The only script element is the ClaimReview data block, which browsers never run.
  expect(html.match(/<script\b[^>]*>/gi)).toEqual(['<script type="application/ld+json">']);
  expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');

  const response = await page.request.get(`${articleUrl}/export`);
  expect(response.headers()['content-disposition']).toMatch(/^attachment;/);
  expect(response.headers()['content-type']).toBe('text/html; charset=utf-8');

  // Opened from disk, offline, each <mark> group wraps exactly the annotated text.
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`file://${file}`);
  expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  const marks = await highlightedTexts(page, 'mark[data-annotation-id]');
  expect([...marks.values()].map((v) => v.text).sort()).toEqual(CLAIMS.map((c) => c.exact).sort());
  for (const [id, { text, verdicts }] of marks) {
    const claim = CLAIMS.find((c) => c.exact === text)!;
    expect([...verdicts]).toEqual([claim.key]);
    const note = page.locator(`li[data-annotation-id="${id}"]`);
    await expect(note).toContainText(claim.verdict);
    await expect(note).toContainText(ADMIN.name);
    for (const e of claim.evidence) {
      const link = note.getByRole('link', { name: e.title });
      await expect(link).toHaveAttribute('href', e.url);
      await expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow');
    }
  }
  await expect(page.getByText('<script>alert("x")</script>', { exact: false })).toBeVisible();
});

test('the editor refuses edits to the article but keeps keyboard selection and the shortcut', async ({ page }) => {
  await importText(page, 'Town hall says the river is cleaner than ever\n\nThe mayor said fish had returned.\n\nNobody counted them.');
  await startReviewing(page);
  const article = editor(page);
  const before = (await article.textContent()) ?? '';

  await article.click();
  await page.keyboard.type('typed text');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Delete');
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', 'pasted text');
    document
      .querySelector('[aria-label="Article"]')!
      .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(article).toHaveText(before);

  // Select with the keyboard only, then open the form with the shortcut.
  // One Shift+ArrowRight per character of the title: unlike Shift+End, this does not depend on fonts or where the line wraps.
  await article.press('Control+Home');
  for (let i = 0; i < 'Town hall says the river is cleaner than ever'.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await expect(page.locator('#annotate-hint')).toContainText('selected');
  await expect(page.getByRole('button', { name: 'Annotate selection' })).toHaveAttribute('title', /Ctrl\+Alt\+M/);
  await page.keyboard.press('Control+Alt+M');
  const verdict = page.getByLabel('Verdict');
  await expect(verdict).toBeFocused();
  await verdict.selectOption({ label: 'False' });
  await page.keyboard.press('Tab');
  await page.keyboard.type('Headline overstates the counts.');
  await page.keyboard.press('Control+Enter');
  await expectAllSaved(page);
  await expect(page.getByRole('region', { name: 'Annotations' }).getByRole('listitem')).toHaveCount(1);
  await expect(article.locator('[data-annotation-id][data-verdict="false"]')).toHaveText('Town hall says the river is cleaner than ever');

  // Walk to it from the keyboard and open it with Enter.
  await article.press('Control+End');
  // The caret has left the title once the selected quote is no longer announced.
  await expect(page.locator('#annotate-hint')).toHaveText('');
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.locator('#annotate-hint')).toHaveText('Annotation 1 of 1: False, draft. Press Enter to open it.');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Verdict')).toBeFocused();
  await expect(page.getByLabel('Verdict')).toHaveValue('false');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Save annotation' })).toBeHidden();
});
