import fs from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { alert, newPerson } from './helpers';
import { anchorOf, annotationInput, importArticle, mustMutate, mutation, query, signOffArticle } from './api';

/** Opens the export as a reader would (a saved file); answers its HTML source. */
async function openExport(page: Page, url: string, file: string): Promise<string> {
  const response = await page.request.get(url);
  expect(response.status()).toBe(200);
  const body = await response.body();
  fs.writeFileSync(file, body);
  await page.goto(`file://${file}`);
  return body.toString('utf8');
}

async function claimReviews(page: Page) {
  const scripts = await page.locator('script[type="application/ld+json"]').allTextContents();
  expect(scripts).toHaveLength(1);
  return JSON.parse(scripts[0]) as Record<string, any>[];
}

test('settings: organisation and verdict scale, with a clear refusal for a verdict in use', async ({ page }) => {
  await page.goto('/settings');
  await page.getByRole('textbox', { name: 'Organisation name' }).fill('Harbour Fact Desk');
  await page.getByRole('textbox', { name: 'Organisation URL' }).fill('https://factdesk.example');
  await page.getByRole('textbox', { name: 'Logo URL' }).fill('https://factdesk.example/logo.png');
  await page.getByRole('button', { name: 'Add verdict' }).click();
  await page.getByRole('textbox', { name: 'Label of verdict 9' }).fill('Pants on fire');
  await page.getByRole('spinbutton', { name: 'Rating of Pants on fire' }).fill('');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Settings saved');

  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Organisation name' })).toHaveValue('Harbour Fact Desk');
  await expect(page.getByRole('textbox', { name: 'Label of verdict 9' })).toHaveValue('Pants on fire');
  await expect(page.getByText('pants-on-fire')).toBeVisible();

  // "False" is used by the sample article: the form says so and keeps it.
  await page.getByRole('button', { name: 'Delete False', exact: true }).click();
  await expect(alert(page)).toHaveText(/“False” is used by \d+ annotations?: change their verdicts first/);
  await expect(page.getByRole('textbox', { name: 'Label of verdict 5' })).toHaveValue('False');

  // An unused verdict can go.
  await page.getByRole('button', { name: 'Delete Pants on fire' }).click();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Settings saved');
  await expect(page.getByRole('textbox', { name: 'Label of verdict 9' })).toHaveCount(0);
});

test('the export in light, dark and print media, with summary counts that match its marks', async ({
  page,
  request,
  baseURL,
}, testInfo) => {
  const text = [
    'Harbour budget claims under scrutiny',
    'The treasurer said the harbour budget grew by ten percent this year.',
    'She added that fees had fallen for every boat owner.',
    'The harbour master called the new pier the longest in Europe.',
    'Officials claimed crime on the quay had halved.',
  ].join('\n\n');
  // The organisation the export names, set here so that this test does not depend on the one above.
  const settings = await query<{ organisation: Record<string, unknown>; verdicts: unknown[] }>(request, 'settings.get', {});
  await mustMutate(request, 'settings.save', {
    organisation: { ...settings.organisation, name: 'Harbour Fact Desk', url: 'https://factdesk.example' },
    verdicts: settings.verdicts,
  });
  const { id, doc } = await importArticle(request, {
    text,
    sourceUrl: 'https://harbour.example/budget',
    byline: 'Jo Reporter',
    publishedAt: '2026-10-01',
  });
  const claims: [string, string, string][] = [
    ['the harbour budget grew by ten percent this year', 'false', 'final'],
    ['fees had fallen for every boat owner', 'false', 'final'],
    ['the longest in Europe', 'true', 'final'],
    ['crime on the quay had halved', 'misleading', 'draft'],
  ];
  for (const [exact, verdict] of claims) {
    await mustMutate(
      request,
      'annotation.create',
      annotationInput(id, anchorOf(doc, exact), {
        verdict,
        rationale: `Why ${verdict}`,
        claimAuthor: 'The treasurer',
        claimAppearanceUrl: 'https://harbour.example/speech',
        claimAppearanceDate: '2026-09-30',
        evidence: [{ url: 'https://records.example/budget-2026', title: 'Budget records' }],
      }),
    );
  }
  // Three are signed off; the claim about crime stays a draft.
  await signOffArticle(request, baseURL!, id, (a) => a.exact !== 'crime on the quay had halved');

  const file = testInfo.outputPath('export.html');
  await openExport(page, `/articles/${id}/export`, file);

  // Summary counts equal the marked annotations per verdict; the draft is not published.
  const marked = await page.evaluate(() => {
    const counts: Record<string, Set<string>> = {};
    for (const mark of document.querySelectorAll<HTMLElement>('mark[data-annotation-id]')) {
      const ids = mark.dataset.annotationId!.split(' ');
      const verdicts = mark.dataset.verdict!.split(' ');
      for (const [i, aid] of ids.entries()) {
        counts[verdicts[i]] ??= new Set();
        counts[verdicts[i]].add(aid);
      }
    }
    return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v.size]));
  });
  expect(marked).toEqual({ false: 2, true: 1 });
  const summary = page.getByRole('region', { name: 'Verdict summary' });
  await expect(summary.locator('li[data-verdict="false"]')).toContainText('False: 2');
  await expect(summary.locator('li[data-verdict="true"]')).toContainText('True: 1');
  await expect(summary.locator('li[data-verdict="misleading"]')).toHaveCount(0);
  await expect(summary.getByRole('img', { name: /False: 2/ })).toBeVisible();
  await expect(page.getByText('Fact-check by Harbour Fact Desk', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Harbour Fact Desk', exact: true })).toHaveAttribute('href', 'https://factdesk.example/');

  const reviews = await claimReviews(page);
  expect(reviews).toHaveLength(3);
  for (const review of reviews) {
    expect(review['@type']).toBe('ClaimReview');
    expect(review.claimReviewed).toBeTruthy();
    expect(review.reviewRating.alternateName).toMatch(/^(False|True)$/);
    expect(review.url).toMatch(new RegExp(`^https?://[^/]+/articles/${id}/export#note-\\d$`));
    expect(review.reviewRating.bestRating).toBe(5);
    expect(review.itemReviewed).toMatchObject({ '@type': 'Claim', author: { name: 'The treasurer' } });
    expect(review.author).toMatchObject({ '@type': 'Organization', name: 'Harbour Fact Desk', url: 'https://factdesk.example/' });
  }

  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const luminance = (rgb: string) => {
    const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  await page.emulateMedia({ colorScheme: 'light', media: 'screen' });
  expect(luminance(await background())).toBeGreaterThan(200);
  await page.screenshot({ path: testInfo.outputPath('light.png') });
  await page.emulateMedia({ colorScheme: 'dark', media: 'screen' });
  expect(luminance(await background())).toBeLessThan(60);
  const darkText = await page.evaluate(() => getComputedStyle(document.querySelector('.article-body')!).color);
  expect(luminance(darkText)).toBeGreaterThan(180);
  // What the print stylesheet changes, read from the page as it would print: on screen first, then in print.
  const printed = () =>
    page.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      return {
        bodyFont: style('body').fontSize,
        pageWidth: style('.page').maxWidth,
        notesFont: style('.notes').fontSize,
        noteBreak: style('.note').breakInside,
        markColours: style('mark.fc-mark').getPropertyValue('print-color-adjust'),
        backLink: style('.back').display,
      };
    });
  const onScreen = await printed();
  expect(onScreen.pageWidth).not.toBe('none');
  expect(onScreen.backLink).not.toBe('none');
  expect(onScreen.markColours).toBe('economy');
  await page.emulateMedia({ colorScheme: 'dark', media: 'print' });
  // 11pt body and 9pt notes (in CSS pixels), full width, notes kept whole, verdict colours printed, no "back to text".
  expect(await printed()).toEqual({
    bodyFont: '14.6667px',
    pageWidth: 'none',
    notesFont: '12px',
    noteBreak: 'avoid',
    markColours: 'exact',
    backLink: 'none',
  });
  expect(luminance(await background())).toBeGreaterThan(200);
  // On paper, evidence addresses are printed, not hidden behind link text.
  await expect(page.getByText('https://records.example/budget-2026').first()).toBeVisible();
  // Print writes a link's address after it, unless the link's text already is the address.
  const after = (link: Locator) => link.evaluate((a) => getComputedStyle(a, '::after').content);
  // (Generated content is part of a link's name, so in print the organisation's link is named with its address.)
  const organisationLink = page.getByRole('link', { name: /^Harbour Fact Desk/ });
  const appearanceLink = page.getByRole('link', { name: 'https://harbour.example/speech', exact: true }).first();
  expect(await after(organisationLink)).toBe('" (https://factdesk.example/)"');
  await expect(organisationLink).toHaveAccessibleName('Harbour Fact Desk (https://factdesk.example/)');
  expect(await after(appearanceLink)).toBe('none');
  // On screen it does not.
  await page.emulateMedia({ colorScheme: 'light', media: 'screen' });
  expect(await after(organisationLink)).toBe('none');
  await expect(organisationLink).toHaveAccessibleName('Harbour Fact Desk');

  // With drafts: the draft is marked and counted, still without a ClaimReview.
  await openExport(page, `/articles/${id}/export?drafts=1`, testInfo.outputPath('drafts.html'));
  await expect(page.locator('mark[data-verdict="misleading"]')).toHaveText('crime on the quay had halved');
  await expect(page.locator('mark[data-verdict="misleading"]')).toHaveAttribute('data-status', 'draft');
  await expect(page.getByRole('region', { name: 'Verdict summary' }).locator('li[data-verdict="misleading"]')).toContainText('draft');
  expect(await claimReviews(page)).toHaveLength(3);

  const json = await (await page.request.get(`/articles/${id}/export.json`)).json();
  expect(json.notes).toHaveLength(3);
  expect(json.summary.map((s: { verdict: { key: string }; count: number }) => [s.verdict.key, s.count])).toEqual([
    ['true', 1],
    ['false', 2],
  ]);
});

const PAYLOADS = [
  '<script>window.__pwned = 1</script>',
  '"><img src=x onerror="window.__pwned=2">',
  "'><svg onload=window.__pwned=3>",
  '<iframe src="javascript:window.__pwned=4"></iframe>',
  '</script><script>window.__pwned=5</script>',
  '</style><style>body{display:none}</style>',
  'red;}body{display:none}',
  '<a href="javascript:window.__pwned=6">click</a>',
  '<body onload=window.__pwned=7>',
  '<details open ontoggle=window.__pwned=8>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=9>',
  '<noscript><p title="</noscript><img src=x onerror=window.__pwned=10>">',
  '{{constructor.constructor("window.__pwned=11")()}}',
  '${window.__pwned=12}',
  '&lt;script&gt;window.__pwned=13&lt;/script&gt;',
  '&#60;img src=x onerror=window.__pwned=14&#62;',
  '\u202Egnp.exe',
  'abc\u202Edef\u202Cghi',
  '<object data="data:text/html,<script>window.__pwned=15</script>">',
  '<embed src="javascript:window.__pwned=16">',
  '<form action="javascript:window.__pwned=17"><button>go</button></form>',
  '<input autofocus onfocus=window.__pwned=18>',
  '<video><source onerror=window.__pwned=19></video>',
  '<marquee onstart=window.__pwned=20>',
  '<link rel=stylesheet href="https://evil.example/x.css">',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=21">',
  '<base href="https://evil.example/">',
  '"onmouseover="window.__pwned=22',
  "' onfocus='window.__pwned=23' autofocus='",
  '<template><script>window.__pwned=24</script></template>',
  '<svg><a xlink:href="javascript:window.__pwned=25"><text>x</text></a></svg>',
  '--><script>window.__pwned=26</script><!--',
  '<![CDATA[<script>window.__pwned=27</script>]]>',
  '@import url(https://evil.example/x.css);',
];

test('hostile input: the export runs no script, opens no dialog and shows every payload as text', async ({
  page,
  request,
  browser,
  baseURL,
}, testInfo) => {
  const title = PAYLOADS[1];
  const body = PAYLOADS.map((p, i) => `Claim ${i}: ${p} end.`).join('\n\n');
  // Unsafe URLs are refused at input with a message that names the field.
  for (const [field, url] of [
    ['sourceUrl', 'javascript:window.__pwned=1'],
    ['sourceUrl', 'data:text/html,<script>x</script>'],
  ]) {
    const refused = await mutation(request, 'article.import', { title, text: body, [field]: url });
    expect(refused).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/Source URL must be an http/) });
  }
  const { id, doc } = await importArticle(request, { title, text: body, byline: PAYLOADS[2], format: 'text' });

  for (const bad of ['javascript:window.__pwned=1', 'data:text/html,<script>x</script>', 'vbscript:msgbox(1)']) {
    const refused = await mutation(
      request,
      'annotation.create',
      annotationInput(id, anchorOf(doc, 'Claim 0:'), { evidence: [{ url: bad, title: 'x' }] }),
    );
    expect(refused).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/Evidence URL must be an http/) });
    const appearance = await mutation(
      request,
      'annotation.create',
      annotationInput(id, anchorOf(doc, 'Claim 0:'), { claimAppearanceUrl: bad }),
    );
    expect(appearance).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/Claim first appeared at must be an http/) });
  }

  // One annotation per payload, the payload in every free-text field.
  for (const [i, payload] of PAYLOADS.entries()) {
    await mustMutate(
      request,
      'annotation.create',
      annotationInput(id, anchorOf(doc, `Claim ${i}: ${payload}`), {
        rationale: payload,
        claimAuthor: payload,
        claimSummary: Array.from(payload).slice(0, 75).join(''),
        evidence: [{ url: `https://example.org/evidence?q=${encodeURIComponent(payload)}`, title: payload, excerpt: payload }],
      }),
    );
  }
  // Reviewer names come from accounts now: a reviewer whose name is a payload annotates one more claim.
  const hostileName = '<img src=x onerror="window.__pwned=1"> Eve';
  const eve = await newPerson(page, browser, hostileName, 'Reviewer');
  await mustMutate(
    eve.context.request,
    'annotation.create',
    annotationInput(id, anchorOf(doc, 'Claim 0:'), {
      rationale: 'By a reviewer with a hostile name.',
      evidence: [{ url: 'https://example.org/eve', title: 'Eve’s source' }],
    }),
  );
  // Each author submits their own; the desk's editor approves.
  await signOffArticle(eve.context.request, baseURL!, id, (a) => a.exact === 'Claim 0:');
  await eve.context.close();
  await signOffArticle(request, baseURL!, id);

  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));

  // The page's clock is Playwright's: whatever a payload might have scheduled is run below, without waiting for it.
  await page.clock.install();
  const source = await openExport(page, `/articles/${id}/export`, testInfo.outputPath('hostile.html'));
  await page.locator('body').hover();
  await page.keyboard.press('Tab');
  await page.clock.runFor(5_000);

  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toBe(0);
  expect(errors).toEqual([]);
  expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  await expect(
    page.locator('iframe, object, embed, form, input, video, base, link, meta[http-equiv], img, template, body [onload]'),
  ).toHaveCount(0);
  const hrefs = await page.evaluate(() =>
    [...document.querySelectorAll('[href], [src], [action], [xlink\\:href]')].map(
      (e) => e.getAttribute('href') ?? e.getAttribute('src') ?? '',
    ),
  );
  for (const href of hrefs) expect(href).not.toMatch(/^\s*(javascript|data|vbscript):/i);
  const handlers = await page.evaluate(() =>
    [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name)),
  );
  expect(handlers).toEqual([]);

  // Every payload is on the page as text, in the article, the notes and the header.
  const visible = await page.evaluate(() => document.body.innerText);
  for (const payload of [...PAYLOADS, hostileName]) expect(visible, payload).toContain(payload);
  // Each one exactly as typed: in its paragraph of the article (note references aside), and in its note as the
  // quote, the rationale and the claim's author.
  const paragraphs = await page.locator('.article-body p').evaluateAll((ps) =>
    ps.map((p) => {
      const copy = p.cloneNode(true) as HTMLElement;
      for (const ref of copy.querySelectorAll('sup.note-ref')) ref.remove();
      return copy.textContent;
    }),
  );
  expect(paragraphs).toEqual(expect.arrayContaining(PAYLOADS.map((payload, i) => `Claim ${i}: ${payload} end.`)));
  const notes = page.getByRole('region', { name: 'Fact-check notes' });
  for (const [i, payload] of PAYLOADS.entries()) {
    const note = notes.getByRole('listitem').filter({ has: page.getByText(`“Claim ${i}: ${payload}”`, { exact: true }) });
    await expect(note, payload).toHaveCount(1);
    await expect(note.locator('.rationale'), payload).toHaveText(payload);
    await expect(note.getByRole('definition').getByText(payload, { exact: true }), payload).toBeVisible();
  }
  // ...and escaped in the source: no payload's markup is there as markup, outside the JSON-LD block (itself checked below).
  const markup = source.replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/, '');
  for (const payload of PAYLOADS.filter((p) => /<[a-z!/]/i.test(p))) expect(markup, payload).not.toContain(payload);
  expect(markup).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
  // The JSON-LD holds them intact, and did not end early.
  const reviews = await claimReviews(page);
  expect(reviews).toHaveLength(PAYLOADS.length + 1);
  expect(reviews.map((r) => r.itemReviewed.author?.name)).toEqual(expect.arrayContaining(PAYLOADS));
});
