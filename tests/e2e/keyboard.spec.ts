// Keyboard and screen-reader use of the editor: where focus goes, what is a tab
// stop, what a heading and a highlight are called, and that every control shows
// a focus ring a sighted keyboard user can see.
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { anchorOf, annotationInput, importArticle, mustMutate, query } from './api';
import { editor, expectAllSaved, importText, selectInArticle, startReviewing } from './helpers';

const annotations = (page: Page) => page.getByRole('region', { name: 'Annotations' });

/** An article of one title and `claims`, each its own paragraph, every claim annotated (verdict per claim) through the API. */
async function articleWith(request: APIRequestContext, title: string, claims: [exact: string, verdict: string][]) {
  const { id, doc } = await importArticle(request, {
    text: [title, ...claims.map(([exact]) => `Reporters wrote that ${exact}.`)].join('\n\n'),
  });
  for (const [exact, verdict] of claims)
    await mustMutate(request, 'annotation.create', annotationInput(id, anchorOf(doc, exact), { verdict }));
  return id;
}

async function openArticle(page: Page, id: number, count: number) {
  await page.goto(`/articles/${id}`);
  await startReviewing(page);
  await expect(annotations(page).getByRole('listitem')).toHaveCount(count);
}

test('after a delete, focus moves to the next annotation, else the previous one, else the article', async ({ page, request }) => {
  const id = await articleWith(request, 'Three claims about the ferry', [
    ['the ferry runs every ten minutes', 'false'],
    ['tickets cost less than last year', 'true'],
    ['the crossing takes a quarter of an hour', 'mixed'],
  ]);
  await openArticle(page, id, 3);
  const list = annotations(page);

  // From the list: the first one's Delete button, pressed from the keyboard.
  await list.getByRole('button', { name: 'Delete: “the ferry runs every ten minutes”' }).focus();
  await page.keyboard.press('Enter');
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.getByRole('button', { name: /^“tickets cost less/ })).toBeFocused();

  // From the form, on the last one: focus goes back to the one before it.
  await list.getByRole('button', { name: /^“the crossing takes/ }).press('Enter');
  await page.getByRole('button', { name: 'Delete annotation' }).press('Enter');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('button', { name: /^“tickets cost less/ })).toBeFocused();

  // The last one: the article takes focus, not <body>.
  await list.getByRole('button', { name: 'Delete: “tickets cost less than last year”' }).press('Enter');
  await expect(list.getByRole('listitem')).toHaveCount(0);
  await expect(editor(page)).toBeFocused();
  await expectAllSaved(page);
});

test('a headline with a claim in it is named by its text, and the claim is described by its verdict and status', async ({
  page,
  request,
}) => {
  const title = 'Council says the new tram line halved commute times';
  const { id, doc } = await importArticle(request, { text: `${title}\n\nThe mayor said so on Monday.` });
  await mustMutate(request, 'annotation.create', annotationInput(id, anchorOf(doc, 'halved commute times'), { verdict: 'misleading' }));
  await openArticle(page, id, 1);

  const heading = page.getByRole('heading', { level: 1, name: title, exact: true });
  await expect(heading).toBeVisible();
  // The badge is still there for the eye, and the claim is described to assistive technology instead.
  await expect(heading).toContainText('Misleading');
  await expect(heading.locator('mark')).toHaveAccessibleDescription('Annotation: Misleading, draft');
});

test('the article is one tab stop however many annotations it holds; Alt+Down and Enter reach each one', async ({ page, request }) => {
  const claims = Array.from({ length: 20 }, (_, i): [string, string] => [
    `claim number ${i + 1} about the harbour`,
    i % 2 ? 'true' : 'false',
  ]);
  const id = await articleWith(request, 'Twenty claims about the harbour', claims);
  await openArticle(page, id, 20);
  await expect(editor(page).locator('[data-annotation-id]')).toHaveCount(20);

  // Tab from the top of the page until the first button of the Annotations list, noting every stop.
  const stops: { label: string; inArticle: boolean; inSidebar: boolean }[] = [];
  const target = annotations(page).getByRole('listitem').first().getByRole('button').first();
  expect(await page.evaluate(() => document.activeElement === document.body), 'nothing is focused yet').toBe(true);
  for (let i = 0; i < 200 && !(await target.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
    stops.push(
      await page.evaluate(() => {
        const el = document.activeElement!;
        return {
          label: `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? ''}`,
          inArticle: el.closest('[aria-label="Article"]') !== null,
          inSidebar: el.closest('aside') !== null,
        };
      }),
    );
  }
  await expect(target).toBeFocused();
  const sidebarAt = stops.findIndex((s) => s.inSidebar);
  const articleAt = stops.findIndex((s) => s.inArticle);
  expect(articleAt, 'the article is reached before the sidebar').toBeGreaterThan(-1);
  expect(articleAt).toBeLessThan(sidebarAt);
  // From the article to the sidebar: the article itself and nothing else (with a badge button per annotation, 21 stops).
  const throughArticle = stops.slice(articleAt, sidebarAt);
  expect(throughArticle.length, throughArticle.map((s) => s.label).join('\n')).toBeLessThan(10);
  expect(throughArticle.map((s) => s.label)).toEqual(['div Article']);

  // Inside it, Alt+Down walks from one annotation to the next and says what each is; Enter opens it.
  await editor(page).focus();
  await page.keyboard.press('Control+Home');
  const hint = page.locator('#annotate-hint');
  await page.keyboard.press('Alt+ArrowDown');
  await expect(hint).toHaveText('Annotation 1 of 20: False, draft. Press Enter to open it.');
  await page.keyboard.press('Alt+ArrowDown');
  await page.keyboard.press('Alt+ArrowDown');
  await expect(hint).toHaveText('Annotation 3 of 20: False, draft. Press Enter to open it.');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(hint).toHaveText('Annotation 2 of 20: True, draft. Press Enter to open it.');
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'Edit annotation' });
  await expect(form.getByLabel('Verdict')).toBeFocused();
  await expect(form).toContainText('claim number 2 about the harbour');
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(editor(page)).toBeFocused();

  // Each highlight says its verdict and status to assistive technology; its badge still opens it with the mouse.
  const second = editor(page).locator('mark').filter({ hasText: 'claim number 2 about the harbour' });
  await expect(second).toHaveAccessibleDescription('Annotation: True, draft');
  await editor(page)
    .locator(`[data-badge-for="${await second.getAttribute('data-annotation-id')}"]`)
    .click();
  await expect(form).toContainText('claim number 2 about the harbour');
});

/** How `el` draws its focus ring, and the contrast of that ring with what is around it. */
async function focusRing(el: Locator) {
  await el.focus();
  return el.evaluate((node) => {
    const style = getComputedStyle(node);
    const rgb = (colour: string) => (colour.match(/[\d.]+/g) ?? []).slice(0, 4).map(Number);
    const luminance = (colour: string) => {
      const [r, g, b] = rgb(colour)
        .map((v) => v / 255)
        .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    // The ring is drawn outside the element, over the first ancestor that paints a background.
    let around = node.parentElement;
    while (around && (rgb(getComputedStyle(around).backgroundColor)[3] === 0 || getComputedStyle(around).backgroundColor === 'transparent'))
      around = around.parentElement;
    const behind = around ? getComputedStyle(around).backgroundColor : 'rgb(255, 255, 255)';
    const [hi, lo] = [luminance(style.outlineColor), luminance(behind)].sort((a, b) => b - a);
    return {
      focusVisible: node.matches(':focus-visible'),
      width: style.outlineWidth,
      style: style.outlineStyle,
      contrast: Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100,
    };
  });
}

/** A solid 3 px ring, shown as keyboard focus, at least 3:1 against its surroundings (WCAG 2.2 focus appearance). */
async function expectRing(what: string, control: Locator) {
  const ring = await focusRing(control);
  expect({ what, ...ring }).toEqual({ what, focusVisible: true, width: '3px', style: 'solid', contrast: ring.contrast });
  expect(ring.contrast, `${what}: focus ring contrast`).toBeGreaterThanOrEqual(3);
}

test('the article and every kind of control show a 3 px focus ring with enough contrast', async ({ page, request }) => {
  const id = await articleWith(request, 'Focus rings on the harbour page', [['the pier is the longest in Europe', 'false']]);
  await openArticle(page, id, 1);
  // Keyboard use first, so focus moved by script is shown the way the browser shows keyboard focus.
  await page.keyboard.press('Tab');
  const list = annotations(page);
  const controls: [string, Locator][] = [
    ['the article', editor(page)],
    ['a primary button', page.getByRole('button', { name: 'Annotate selection' })],
    ['a link styled as a button', page.getByRole('link', { name: 'Export HTML' })],
    ['a link styled as a link-button', page.getByRole('link', { name: 'Export with drafts' })],
    ['a list item’s open button', list.getByRole('button', { name: /^“the pier/ })],
    ['a link-button', list.getByRole('button', { name: /^Delete/ })],
  ];
  for (const [what, control] of controls) await expectRing(what, control);

  // The form's fields: a select, a text area and a text input.
  await list.getByRole('button', { name: /^“the pier/ }).press('Enter');
  const form = page.getByRole('form', { name: 'Edit annotation' });
  for (const [what, control] of [
    ['a select', form.getByRole('combobox', { name: 'Verdict' })],
    ['a text area', form.getByRole('textbox', { name: 'Rationale' })],
    ['a text input', form.getByRole('textbox', { name: 'Claim made by' })],
  ] as const) {
    await expectRing(what, control);
  }
});

test('Ctrl+Alt+M is handled once: one form, one new annotation, from inside the article and from elsewhere on the page', async ({
  page,
  request,
}) => {
  // Counts the ids the page draws for new annotations: a shortcut handled twice starts two (and keeps only the last).
  await page.addInitScript(() => {
    const w = window as unknown as { newIds: number };
    w.newIds = 0;
    const original = crypto.randomUUID.bind(crypto);
    crypto.randomUUID = (() => {
      w.newIds++;
      return original();
    }) as typeof crypto.randomUUID;
  });
  await importText(
    page,
    'Bridge reopens a month early\n\nThe council said the bridge would reopen a month early.\n\nTraffic fell by half.',
  );
  await startReviewing(page);
  const newIds = () => page.evaluate(() => (window as unknown as { newIds: number }).newIds);
  const form = page.getByRole('form', { name: 'New annotation' });

  for (const [where, claim, verdict] of [
    ['inside the article', 'the bridge would reopen a month early', 'False'],
    ['on a toolbar button', 'Traffic fell by half', 'True'],
  ] as const) {
    await selectInArticle(page, claim);
    if (where === 'on a toolbar button') await page.getByRole('button', { name: 'Update article' }).focus();
    const before = await newIds();
    await page.keyboard.press('Control+Alt+M');
    await expect(form.getByLabel('Verdict')).toBeFocused();
    expect(await newIds(), `one annotation started ${where}`).toBe(before + 1);
    await expect(form).toHaveCount(1);
    await expect(page.getByRole('form', { name: 'Edit annotation' })).toHaveCount(0);
    await form.getByLabel('Verdict').selectOption({ label: verdict });
    await page.keyboard.press('Control+Enter');
    await expect(form).toBeHidden();
    await expectAllSaved(page);
  }

  await expect(annotations(page).getByRole('listitem')).toHaveCount(2);
  const articleId = Number(new URL(page.url()).pathname.split('/').pop());
  const saved = await query<{ exact: string }[]>(request, 'annotation.list', { articleId });
  expect(saved.map((a) => a.exact).sort()).toEqual(['Traffic fell by half', 'the bridge would reopen a month early']);
});
