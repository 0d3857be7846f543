// A long article with hundreds of annotations: the list renders only the rows
// near the screen and the editor draws only the highlights near it, yet every
// annotation is in place, reachable by keyboard and announced with the list's
// full length; other reviewers' changes arrive through the change cursor, and
// an idle page is answered 304 with no body.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { anchorOf, annotationInput, editorRequest, importArticle, mustMutate, query } from './api';

const PARAGRAPHS = 120;
const TEXT = [
  'Harbour and housing figures, district by district',
  ...Array.from(
    { length: PARAGRAPHS },
    (_, p) =>
      `In section ${p} the report says the harbour moved ${p + 10} thousand tonnes in ${2000 + p}. Officials in ward ${p} counted ${p * 3 + 7} new homes. The council of district ${p} spent ${p + 1} million on roads and bridges.`,
  ),
].join('\n\n');

// Three claims per paragraph; the second and third overlap ("in ward 5 counted 22" / "counted 22 new homes").
const claims = (p: number) => [
  `harbour moved ${p + 10} thousand tonnes`,
  `in ward ${p} counted ${p * 3 + 7}`,
  `counted ${p * 3 + 7} new homes`,
];
const TOTAL = PARAGRAPHS * 3;

test.describe.configure({ mode: 'serial' });

let articleId: number;
let lastId: string;
let firstId: string;

async function createAll(request: APIRequestContext) {
  const { id, doc } = await importArticle(request, { text: TEXT });
  const inputs = Array.from({ length: PARAGRAPHS }, (_, p) =>
    claims(p).map((exact, i) =>
      annotationInput(id, anchorOf(doc, exact), {
        verdict: i === 0 ? 'false' : 'mostly-true',
        rationale: `Checked claim ${p}.${i} against the port's ledger.`,
      }),
    ),
  ).flat();
  // Ten at a time: the server answers them one by one anyway, but the round trips overlap.
  for (let i = 0; i < inputs.length; i += 10)
    await Promise.all(inputs.slice(i, i + 10).map((input) => mustMutate(request, 'annotation.create', input)));
  articleId = id;
  firstId = inputs[0].id;
  lastId = inputs[inputs.length - 1].id;
}

test('every annotation of a long article is in place, reachable by keyboard, and the list says its full length', async ({
  page,
  request,
}) => {
  await createAll(request);
  const listRequests: string[] = [];
  page.on('request', (r) => r.url().includes('annotation.list') && listRequests.push(r.url()));
  await page.goto(`/articles/${articleId}`);

  await expect(page.getByRole('heading', { name: `Annotations (${TOTAL})` })).toBeVisible();
  await expect(page.locator(`.article-view[data-highlights-ready="${TOTAL}"]`)).toHaveCount(1);

  // The list: only some rows are in the page, each saying where it is in the whole.
  const rows = page.locator('#annotations-list li');
  await expect(rows.first()).toHaveAttribute('aria-setsize', String(TOTAL));
  await expect(rows.first()).toHaveAttribute('aria-posinset', '1');
  expect(await rows.count()).toBeLessThan(TOTAL / 2);
  await expect(page.getByRole('button', { name: /“harbour moved 10 thousand tonnes”.*False/ })).toBeVisible();
  // Rows load their full versions as they come into view.
  await expect(rows.first().getByText('Checked claim 0.0')).toBeVisible();

  // Highlights near the screen are drawn and named; overlapping ones share a segment that names both.
  const overlap = page.locator('mark.annotation-highlight', { hasText: /^counted 7$/ }).first();
  await expect(overlap).toHaveAttribute('aria-description', 'Annotations: Mostly true, draft; Mostly true, draft');
  expect((await overlap.getAttribute('data-annotation-id'))!.split(' ')).toHaveLength(2);

  // From the start of the article, Alt+Up wraps to the last annotation, far below the screen: it is found, drawn and opened.
  const article = page.getByRole('textbox', { name: 'Article' });
  await article.focus();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.locator('#annotate-hint')).toContainText(`Annotation ${TOTAL} of ${TOTAL}: Mostly true, draft`);
  await expect(page.locator(`mark[data-annotation-id~="${lastId}"]`).first()).toBeInViewport();
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'Edit annotation' });
  await expect(form.getByText(`counted ${(PARAGRAPHS - 1) * 3 + 7} new homes`)).toBeVisible();
  await expect(form.getByRole('textbox', { name: 'Rationale' })).toHaveValue(
    `Checked claim ${PARAGRAPHS - 1}.2 against the port's ledger.`,
  );
  await page.keyboard.press('Escape');

  // Scrolled to the end, the list renders its last rows.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(page.locator(`#annotations-list li[aria-posinset="${TOTAL}"]`)).toBeVisible();
  expect(listRequests, 'the page never downloads the whole list').toEqual([]);
});

test('the page carries its document once: not in the page, once from the document route', async ({ page }) => {
  const last = `In section ${PARAGRAPHS - 1} the report says`;
  const documentAnswer = page.waitForResponse((r) => r.url().endsWith(`/api/articles/${articleId}/document`));
  const pageAnswer = await page.goto(`/articles/${articleId}`);
  const html = await pageAnswer!.text();
  expect(html.split(last).length - 1, 'the page’s HTML and its inlined data hold no copy').toBe(0);
  const documentText = await (await documentAnswer).text();
  expect(documentText.split(last).length - 1, 'the document route sends one').toBe(1);
  await expect(page.getByRole('textbox', { name: 'Article' })).toContainText(last);
});

test('another reviewer’s change arrives live; the change cursor behind the fallback poll answers an idle page 304', async ({
  page,
  baseURL,
}) => {
  await page.goto(`/articles/${articleId}`);
  await expect(page.locator(`.article-view[data-highlights-ready="${TOTAL}"]`)).toHaveCount(1);
  // The cursor the fallback poll asks: from the latest change nothing moved, and nothing is sent.
  const changesSince = (since: number) => page.request.get(`/api/articles/${articleId}/changes?since=${since}`);
  const { cursor } = (await (await changesSince(0)).json()) as { cursor: number };
  expect((await changesSince(cursor)).status()).toBe(304);

  const editor = await editorRequest(baseURL!);
  const [current] = await query<{ version: number; rationale: string }[]>(editor, 'annotation.details', { articleId, ids: [firstId] });
  await mustMutate(editor, 'annotation.update', {
    id: firstId,
    expectedVersion: current.version,
    verdict: 'true',
    rationale: 'The ledger confirms it after all.',
    evidence: [],
  });
  await editor.dispose();

  // Over the page's stream, with no reload and no poll.
  await expect(
    page.getByRole('button', { name: /“harbour moved 10 thousand tonnes”.*True.*The ledger confirms it after all/ }),
  ).toBeVisible();
  await expect(page.locator(`mark[data-annotation-id~="${firstId}"]`).first()).toHaveAttribute('data-verdict', /true/);
  expect((await changesSince(cursor)).status()).toBe(200);
});
