// Publishing for real: an editor publishes, a signed-out reader opens the
// public page, a correction makes version 2 with a note, earlier versions stay
// readable, "only the checked passages" leaves the rest out, and the feed lists it.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { HtmlValidate } from 'html-validate';
import type { ClaimReview } from '../../server/export/claim-review';
import { anchorOf, annotationInput, editorRequest, importArticle, mustMutate, query, signOffArticle } from './api';

const PUBLIC = 'https://checks.example.org';
const SOURCE = 'https://harbour.example/pier';
const TEXT = [
  'Harbour pier claims',
  'The harbour master said the new pier is the longest in Europe.',
  'Nobody checked this sentence about the weather on the quay.',
  'She added that fees had fallen for every boat owner.',
].join('\n\n');
const HEADLINE = 'Fact-check: Is the new pier really the longest in Europe?';
const CONCLUSION = 'No: at least four European piers are longer, and fees rose for most owners.';

async function setUpDesk(request: Parameters<typeof query>[0]) {
  const settings = await query<{ organisation: Record<string, unknown>; verdicts: unknown[] }>(request, 'settings.get', {});
  await mustMutate(request, 'settings.save', {
    organisation: {
      ...settings.organisation,
      name: 'Harbour Fact Desk',
      url: 'https://factdesk.example',
      publicUrl: PUBLIC,
      methodologyUrl: 'https://factdesk.example/methodology',
      correctionsPolicyUrl: 'https://factdesk.example/corrections',
    },
    verdicts: settings.verdicts,
  });
}

function validationErrors(html: string): string[] {
  return new HtmlValidate({ extends: ['html-validate:recommended'] })
    .validateStringSync(html)
    .results.flatMap((r) => r.messages)
    .filter((m) => m.severity === 2)
    .map((m) => `${m.ruleId}: ${m.message}`);
}

async function expectNoSeriousViolations(page: Page, what: string) {
  const { violations, passes } = await new AxeBuilder({ page })
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  expect([...violations, ...passes].filter((r) => r.id === 'label-content-name-mismatch').flatMap((r) => r.nodes)).not.toEqual([]);
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`);
  expect(serious, `axe on ${what}`).toEqual([]);
}

async function claimReviews(page: Page) {
  const scripts = await page.locator('script[type="application/ld+json"]').allTextContents();
  expect(scripts).toHaveLength(1);
  return JSON.parse(scripts[0]) as ClaimReview[];
}

test('publish, read signed out, correct with a note, keep the old version, show only the checked passages, list in the feed', async ({
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  await setUpDesk(request);
  const { id, doc } = await importArticle(request, { text: TEXT, sourceUrl: SOURCE, byline: 'Jo Reporter', publishedAt: '2026-10-01' });
  const evidence = [{ url: 'https://piers.example/list', title: 'List of European piers' }];
  await mustMutate(
    request,
    'annotation.create',
    annotationInput(id, anchorOf(doc, 'the longest in Europe'), { verdict: 'false', rationale: 'Four piers are longer.', evidence }),
  );
  await mustMutate(
    request,
    'annotation.create',
    annotationInput(id, anchorOf(doc, 'fees had fallen for every boat owner'), {
      verdict: 'false',
      rationale: 'Fees rose for most.',
      evidence: [{ url: 'https://harbour.example/fees', title: 'Harbour fee table' }],
    }),
  );
  // The admin wrote them; the editor approves: nobody approves their own work.
  await signOffArticle(request, baseURL!, id);

  // The editor frames and publishes.
  const editorContext = await browser.newContext({ storageState: process.env.E2E_EDITOR_STATE });
  const editor = await editorContext.newPage();
  await editor.goto(`/articles/${id}`);
  const readiness = editor.getByRole('region', { name: 'Ready to publish' });
  await expect(readiness).toContainText('Ready to publish: 2 approved annotations');
  const publish = readiness.getByRole('button', { name: 'Publish', exact: true });
  await expect(publish).toBeEnabled();
  await readiness.getByRole('textbox', { name: 'Headline' }).fill(HEADLINE);
  await readiness.getByRole('textbox', { name: 'Conclusion' }).fill(CONCLUSION);
  await publish.click();
  await expect(readiness.getByText('Published version 1')).toBeVisible();
  await expect(editor.getByRole('toolbar', { name: 'Article tools' }).getByRole('link', { name: 'Public page' })).toHaveAttribute(
    'href',
    /^https:\/\/checks\.example\.org\/p\/harbour-pier-claims/,
  );
  const status = await query<{ slug: string; publicUrl: string }>(request, 'publish.status', { articleId: id });
  const path = `/p/${status.slug}`;
  expect(status.publicUrl).toBe(`${PUBLIC}${path}`);

  // A reader who is not signed in.
  const reader = await browser.newContext();
  const page = await reader.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const response = await page.goto(path);
  expect(response!.status()).toBe(200);
  expect(response!.headers()['content-security-policy']).toContain("default-src 'none'");
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(HEADLINE);
  // The headline, then the conclusion, before anything else.
  const header = page.locator('header.article-header');
  await expect(header.locator(':scope > *').nth(0)).toHaveText(HEADLINE);
  await expect(header.locator(':scope > *').nth(1)).toContainText(CONCLUSION);
  await expect(page.getByRole('link', { name: 'List of European piers' })).toHaveAttribute('href', 'https://piers.example/list');
  await expect(page.getByRole('link', { name: 'How we check claims (methodology)' })).toBeVisible();
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', HEADLINE);
  await expect(page.locator('meta[property="og:description"]')).toHaveAttribute('content', CONCLUSION);
  const [first] = await claimReviews(page);
  expect(first['@type']).toBe('ClaimReview');
  expect(first.url).toBe(`${PUBLIC}${path}#note-1`);
  expect(first.itemReviewed).toMatchObject({
    '@type': 'Claim',
    author: { '@type': 'Person', name: 'Jo Reporter' },
    appearance: { '@type': 'CreativeWork', url: SOURCE },
    datePublished: '2026-10-01',
  });
  expect(first.reviewRating.alternateName).toBe('False');
  expect(first.author).toMatchObject({ '@type': 'Organization', name: 'Harbour Fact Desk' });
  expect(validationErrors(await response!.text())).toEqual([]);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectNoSeriousViolations(page, `the public page (${colorScheme})`);
  }

  // The verdict on the pier changes: the admin edits, the editor approves again, then publishes with a note.
  const list = await query<{ id: string; exact: string; version: number; rationale: string; evidence: unknown[] }[]>(
    request,
    'annotation.list',
    {
      articleId: id,
    },
  );
  const pier = list.find((a) => a.exact === 'the longest in Europe')!;
  await mustMutate(request, 'annotation.update', {
    id: pier.id,
    expectedVersion: pier.version,
    verdict: 'mostly-false',
    rationale: 'Three piers are longer; one is disputed.',
    evidence,
  });
  await signOffArticle(request, baseURL!, id);
  await editor.reload();
  await expect(readiness).toContainText('Ready to publish: 2 approved annotations');
  await readiness.getByRole('textbox', { name: 'What changed (for readers)' }).fill('We corrected the verdict on the pier.');
  await readiness.getByRole('button', { name: 'Publish version 2' }).click();
  await expect(readiness.getByText('Published version 2')).toBeVisible();

  await page.goto(path);
  const updates = page.getByRole('region', { name: 'Corrections and updates' });
  await expect(updates).toContainText('We corrected the verdict on the pier.');
  await expect(updates).toContainText('Verdict changed from False to Mostly false');
  await expect(updates.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}$/);
  const [corrected] = await claimReviews(page);
  expect(corrected.dateModified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  // Version 1 stays readable as it was.
  const old = await page.goto(`${path}/v/1`);
  expect(old!.status()).toBe(200);
  await expect(page.getByText('This is version 1 of this fact-check')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Fact-check notes' })).not.toContainText('Mostly false');

  // Only the checked passages.
  await readiness.getByRole('radio', { name: 'Show only the checked passages' }).check();
  await readiness.getByRole('textbox', { name: 'What changed (for readers)' }).fill('Now quoting only the checked passages.');
  await readiness.getByRole('button', { name: 'Publish version 3' }).click();
  await expect(readiness.getByText('Published version 3')).toBeVisible();
  await page.goto(path);
  await expect(page.getByRole('main')).toContainText('the longest in Europe');
  await expect(page.getByRole('main')).not.toContainText('Nobody checked this sentence');

  // The feed lists it.
  const feed = await (await reader.request.get('/feed.json')).json();
  expect(feed['@type']).toBe('DataFeed');
  const entry = feed.dataFeedElement.find((e: { url: string }) => e.url === `${PUBLIC}${path}`);
  expect(entry.item.map((r: { url: string }) => r.url)).toEqual([`${PUBLIC}${path}#note-1`, `${PUBLIC}${path}#note-2`]);
  const atom = await reader.request.get('/feed.atom');
  expect(atom.status()).toBe(200);
  expect(await atom.text()).toContain(`<id>${PUBLIC}${path}</id>`);
  expect(dialogs).toEqual([]);
  await reader.close();
  await editorContext.close();
});

const PAYLOADS = [
  '<script>window.__pwned = 1</script>',
  '"><img src=x onerror="window.__pwned=2">',
  "'><svg onload=window.__pwned=3>",
  '</script><script>window.__pwned=5</script>',
  '</style><style>body{display:none}</style>',
  '<a href="javascript:window.__pwned=6">click</a>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=21">',
  '<base href="https://evil.example/">',
  'abc\u202Edef\u202Cghi',
];

test('hostile headline, conclusion, note and reason stay inert text on the public page and its tombstone', async ({
  request,
  browser,
  baseURL,
}) => {
  await setUpDesk(request);
  const { id, doc } = await importArticle(request, {
    text: `Hostile\n\nThe quay is ${PAYLOADS[0]} safe.`,
    sourceUrl: SOURCE,
    byline: PAYLOADS[1],
    publishedAt: '2026-10-01',
  });
  await mustMutate(
    request,
    'annotation.create',
    annotationInput(id, anchorOf(doc, 'The quay is'), {
      verdict: 'false',
      rationale: PAYLOADS.join('\n'),
      evidence: [{ url: 'https://e.example/', title: PAYLOADS[2] }],
    }),
  );
  await signOffArticle(request, baseURL!, id);
  const editor = await editorRequest(baseURL!);
  const text = PAYLOADS.join(' ');
  await mustMutate(editor, 'publish.saveFraming', { articleId: id, headline: `Fact-check: ${PAYLOADS[3]}`, conclusion: text });
  const { slug } = await mustMutate<{ slug: string }>(editor, 'publish.publish', { articleId: id });
  const reader = await browser.newContext();
  const page = await reader.newPage();
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const response = await page.goto(`/p/${slug}`);
  expect(response!.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Fact-check: ${PAYLOADS[3]}`);
  await expect(page.locator('.conclusion')).toContainText(PAYLOADS[0]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(validationErrors(await response!.text())).toEqual([]);
  await mustMutate(editor, 'publish.unpublish', { articleId: id, reason: text });
  const tomb = await page.goto(`/p/${slug}`);
  expect(tomb!.status()).toBe(410);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This fact-check was unpublished');
  await expect(page.getByRole('main')).toContainText(PAYLOADS[5]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toBe(0);
  await editor.dispose();
  await reader.close();
});
