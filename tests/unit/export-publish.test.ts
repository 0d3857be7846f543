// The export as something to publish: valid HTML, ClaimReview structured data,
// drafts kept out unless asked for, a verdict summary that matches the page,
// readable colours in both schemes, and hostile text that stays text.
//
// html-validate runs the whole `html-validate:recommended` preset; no rule is disabled.
import { describe, expect, it } from 'vitest';
import { HtmlValidate, type Message } from 'html-validate';
import { parse, type DefaultTreeAdapterTypes as P, type ParserError } from 'parse5';
import type { Node as PMNode } from 'prosemirror-model';
import { articleSchema as s } from '@/server/domain/article-schema';
import { textBetween } from '@/server/domain/plain-text';
import { DEFAULT_VERDICTS } from '@/server/domain/verdicts';
import { cutAtWord, type ClaimReview } from '@/server/export/claim-review';
import { escapeHtml, jsonForScript } from '@/server/export/escape';
import { renderArticleExport } from '@/server/export/html';
import {
  buildExportModel,
  CLAIM_SUMMARY_MAX,
  defaultClaimSummary,
  exportModelToJson,
  type ExportAnnotation,
  type ExportInput,
  type ExportVerdict,
} from '@/server/export/model';
import { BADGE_ALPHA, DARK, LIGHT, MAX_TINTS, TINT_ALPHA, type Palette } from '@/server/export/style';

// --- Fixture: a scale with ratings on the first five verdicts, an article, notes of every kind ---

const RATINGS: Record<string, number> = { true: 5, 'mostly-true': 4, mixed: 3, 'mostly-false': 2, false: 1 };
const scale: ExportVerdict[] = DEFAULT_VERDICTS.map((v) => ({ ...v, rating: RATINGS[v.key] ?? null }));
const verdict = (key: string): ExportVerdict => scale.find((v) => v.key === key)!;

const doc = s.node('doc', null, [
  s.node('title', null, [s.text('Minister claims record jobs growth')]),
  s.node('paragraph', null, [
    s.text('Unemployment fell to '),
    s.text('3 percent', [s.mark('strong')]),
    s.text(' in March, the '),
    s.text('minister', [s.mark('link', { href: 'https://gov.example/speech' })]),
    s.text(' said.'),
  ]),
  s.node('heading', { level: 2 }, [s.text('Wages')]),
  s.node('paragraph', null, [s.text('Wages rose faster than prices'), s.node('hard_break'), s.text('for the first time in years.')]),
  s.node('blockquote', null, [s.node('paragraph', null, [s.text('We built 200,000 homes.')])]),
  s.node('bullet_list', null, [s.node('list_item', null, [s.node('paragraph', null, [s.text('Exports doubled.')])])]),
  s.node('paragraph', null, [s.text('Inflation is '), s.text('under control', [s.mark('code')]), s.text('.')]),
]);

function rangeIn(d: PMNode, needle: string): { from: number; to: number; exact: string } {
  let found: { from: number; to: number } | null = null;
  d.descendants((node, pos) => {
    if (found || !node.isTextblock) return !found;
    const i = textBetween(d, pos + 1, pos + 1 + node.content.size).indexOf(needle);
    if (i >= 0) found = { from: pos + 1 + i, to: pos + 1 + i + needle.length };
    return false;
  });
  if (!found) throw new Error(`"${needle}" is not in the document`);
  const { from, to } = found as { from: number; to: number };
  return { from, to, exact: textBetween(d, from, to) };
}

function annotation(id: string, needle: string, extra: Partial<ExportAnnotation> = {}): ExportAnnotation {
  return {
    id,
    ...rangeIn(doc, needle),
    verdict: verdict('false'),
    rationale: 'Rationale.',
    authorName: 'Ada Reviewer',
    createdAt: '2024-03-01T10:00:00.000Z',
    updatedAt: '2024-03-10T09:30:00.000Z',
    evidence: [{ url: 'https://stats.example.gov/jobs?m=3&y=2024', title: 'Labour force survey', excerpt: 'Unemployment: 4.1%.' }],
    status: 'approved',
    claimSummary: '',
    claimAuthor: null,
    claimAppearanceUrl: null,
    claimAppearanceDate: null,
    ...extra,
  };
}

const annotations: ExportAnnotation[] = [
  annotation('jobs', 'Unemployment fell to 3 percent', {
    claimSummary: 'Unemployment fell to 3% in March',
    claimAuthor: 'Jane Minister',
    claimAppearanceUrl: 'https://gov.example/speech',
    claimAppearanceDate: '2024-03-02',
    updatedAt: '2024-03-14T08:00:00.000Z',
  }),
  // Overlaps the one above.
  annotation('percent', '3 percent in March', { verdict: verdict('mostly-false'), authorName: 'Bo Checker' }),
  annotation('wages', 'Wages rose faster than prices\nfor the first time', {
    verdict: verdict('true'),
    claimAppearanceUrl: 'javascript:alert(1)',
    claimAppearanceDate: '2024-02-30',
  }),
  annotation('homes', 'We built 200,000 homes.', {
    verdict: verdict('misleading'),
    claimAuthor: 'Governing Party',
    authorName: 'Ada Reviewer',
  }),
  annotation('exports', 'Exports doubled.', {
    status: 'draft',
    verdict: verdict('false'),
    authorName: 'Dee Drafter',
    updatedAt: '2024-03-20T00:00:00.000Z',
  }),
  annotation('inflation', 'Inflation is under control', { verdict: verdict('unverifiable') }),
  annotation('stale', 'Wages', { exact: 'Prices', verdict: verdict('mixed') }),
];

const ORGANISATION = { name: 'Desk Checks', url: 'https://desk.example.org/', logoUrl: 'https://desk.example.org/logo.png' };
const BASE = 'https://desk.example.org/checks/42';

function input(extra: Partial<ExportInput> = {}): ExportInput {
  return {
    article: {
      title: 'Minister claims record jobs growth',
      sourceUrl: 'https://news.example.com/jobs',
      byline: 'Sam Writer',
      publishedAt: '2024-03-03',
    },
    doc,
    annotations,
    verdicts: scale,
    organisation: ORGANISATION,
    exportedAt: new Date('2024-03-21T12:00:00Z'),
    includeDrafts: false,
    reviewUrlBase: BASE,
    ...extra,
  };
}

// --- parse5 helpers ---

interface Page {
  html: string;
  tree: P.Document;
  errors: ParserError[];
  all: P.Element[];
}

function page(html: string): Page {
  const errors: ParserError[] = [];
  const tree = parse(html, { onParseError: (e) => errors.push(e) });
  return { html, tree, errors, all: elements(tree) };
}

function elements(node: P.ParentNode): P.Element[] {
  const out: P.Element[] = [];
  for (const child of node.childNodes) {
    if ('tagName' in child) {
      out.push(child, ...elements(child));
      if ('content' in child) out.push(...elements(child.content));
    }
  }
  return out;
}

function attr(el: P.Element, name: string): string | null {
  return el.attrs.find((a) => a.name === name)?.value ?? null;
}

function textOf(node: P.ParentNode): string {
  return node.childNodes
    .map((child) => ('value' in child && child.nodeName === '#text' ? child.value : 'tagName' in child ? textOf(child) : ''))
    .join('');
}

function byTag(p: Page, tag: string): P.Element[] {
  return p.all.filter((el) => el.tagName === tag);
}

function jsonLd(p: Page): ClaimReview[] {
  const blocks = byTag(p, 'script').filter((el) => attr(el, 'type') === 'application/ld+json');
  expect(blocks).toHaveLength(1);
  return JSON.parse(textOf(blocks[0])) as ClaimReview[];
}

function noteNumber(p: Page, id: string): number {
  const note = p.all.find((el) => el.tagName === 'li' && attr(el, 'data-annotation-id') === id);
  if (!note) throw new Error(`no note for ${id}`);
  return Number(attr(note, 'id')!.slice('note-'.length));
}

/** Distinct annotation ids per verdict key over every <mark>, read from the paired data attributes. */
function marksPerVerdict(p: Page): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const mark of byTag(p, 'mark')) {
    const ids = attr(mark, 'data-annotation-id')!.split(' ');
    const keys = attr(mark, 'data-verdict')!.split(' ');
    expect(keys).toHaveLength(ids.length);
    ids.forEach((id, i) => {
      if (!out.has(keys[i])) out.set(keys[i], new Set());
      out.get(keys[i])!.add(id);
    });
  }
  return out;
}

const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });

function validationErrors(html: string): string[] {
  const report = validator.validateStringSync(html);
  return report.results
    .flatMap((r) => r.messages)
    .filter((m: Message) => m.severity === 2)
    .map((m) => `${m.ruleId}: ${m.message}`);
}

const published = page(renderArticleExport(input()));
const withDrafts = page(renderArticleExport(input({ includeDrafts: true })));

describe('valid HTML', () => {
  it('passes html-validate (recommended preset) and parses without errors', () => {
    for (const p of [published, withDrafts]) {
      expect(validationErrors(p.html)).toEqual([]);
      expect(p.errors).toEqual([]);
    }
    const empty = renderArticleExport(input({ doc: s.node('doc', null, [s.node('title')]), annotations: [] }));
    expect(validationErrors(empty)).toEqual([]);
  });

  it('uses a validator that does report errors', () => {
    expect(
      validationErrors('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p style="color:red">x</p></body></html>'),
    ).toEqual(['no-inline-style: Inline style is not allowed']);
  });

  it('has light, dark and print styles and no inline style', () => {
    const css = byTag(published, 'style').map(textOf);
    expect(css).toHaveLength(1);
    expect(css[0]).toContain('color-scheme:light dark');
    expect(css[0]).toContain('@media screen and (prefers-color-scheme:dark)');
    expect(css[0]).toContain('@media print');
    expect(css[0]).toContain(`--ink:${LIGHT.ink}`);
    expect(css[0]).toContain(`--ink:${DARK.ink}`);
    expect(published.all.filter((el) => attr(el, 'style') !== null)).toEqual([]);
    // The tints the contrast test below checks are the ones the page uses.
    expect(css[0]).toContain(`linear-gradient(#b3261e${TINT_ALPHA.light.toString(16)},`);
    expect(css[0]).toContain(`linear-gradient(#b3261e${TINT_ALPHA.dark.toString(16)},`);
    // Print: highlights kept, link addresses printed in notes, and dark mode never applies on paper.
    const print = css[0].slice(css[0].indexOf('@media print'));
    expect(print).toContain('print-color-adjust:exact');
    expect(print).toContain('.notes a[href^="http"]:not(.shows-url)::after{content:" (" attr(href) ")"');
    expect(css[0]).not.toContain('@media (prefers-color-scheme');
  });
});

describe('header', () => {
  it('titles the page after the article', () => {
    expect(published.html).toContain('<title>Fact-check: Minister claims record jobs growth</title>');
    const long = page(
      renderArticleExport(input({ article: { title: `${'Tom & Jerry '.repeat(10)}`, sourceUrl: null, byline: null, publishedAt: null } })),
    );
    const title = textOf(byTag(long, 'title')[0]);
    expect(title).toBe('Fact-check: Tom & Jerry Tom & Jerry Tom & Jerry Tom &…');
    expect(validationErrors(long.html)).toEqual([]);
  });

  it('names the source, byline, organisation, reviewers and the date of the check', () => {
    const header = byTag(published, 'header')[0];
    const text = textOf(header);
    expect(text).toContain('Source: https://news.example.com/jobs');
    expect(text).toContain('By Sam Writer');
    expect(text).toContain('Published 3 March 2024');
    expect(text).toContain('Fact-check by Desk Checks');
    // Drafts are left out, so their reviewer is too; names in note order, once each.
    expect(text).toContain('Reviewed by Ada Reviewer, Bo Checker');
    expect(text).not.toContain('Dee Drafter');
    // The latest update of a published note, not the later draft's.
    expect(text).toContain('Checked 14 March 2024');
    const orgLink = elements(header).find((el) => el.tagName === 'a' && textOf(el) === 'Desk Checks')!;
    expect(attr(orgLink, 'href')).toBe('https://desk.example.org/');
    // The logo is data for ClaimReview only; the page shows and loads nothing of it.
    expect(byTag(published, 'img')).toEqual([]);
    expect(published.all.filter((el) => el.attrs.some((a) => a.value.includes('logo.png')))).toEqual([]);
    expect(textOf(byTag(published, 'body')[0])).not.toContain('logo.png');
  });
});

describe('ClaimReview JSON-LD', () => {
  const reviews = jsonLd(published);
  const reviewOf = (id: string) => reviews.find((r) => r.url === `${BASE}#note-${noteNumber(published, id)}`)!;

  it('is the only script, with one ClaimReview per approved note', () => {
    expect(byTag(published, 'script')).toHaveLength(1);
    expect(byTag(published, 'script')[0].parentNode).toBe(byTag(published, 'head')[0]);
    const finals = annotations.filter((a) => a.status === 'approved');
    expect(reviews).toHaveLength(finals.length);
    for (const review of reviews) {
      expect(review['@context']).toBe('https://schema.org');
      expect(review['@type']).toBe('ClaimReview');
      expect(review.claimReviewed).toBeTruthy();
      expect(review.reviewRating['@type']).toBe('Rating');
      expect(review.reviewRating.alternateName).toBeTruthy();
      expect(review.url).toMatch(/^https:\/\/desk\.example\.org\/checks\/42#note-\d+$/);
      expect(review.author).toEqual({
        '@type': 'Organization',
        name: 'Desk Checks',
        url: 'https://desk.example.org/',
        logo: { '@type': 'ImageObject', url: 'https://desk.example.org/logo.png' },
      });
    }
  });

  it('states the rating and its bounds only for verdicts that have a number', () => {
    expect(reviewOf('jobs').reviewRating).toEqual({
      '@type': 'Rating',
      alternateName: 'False',
      ratingValue: 1,
      bestRating: 5,
      worstRating: 1,
    });
    expect(reviewOf('percent').reviewRating).toEqual({
      '@type': 'Rating',
      alternateName: 'Mostly false',
      ratingValue: 2,
      bestRating: 5,
      worstRating: 1,
    });
    expect(reviewOf('homes').reviewRating).toEqual({ '@type': 'Rating', alternateName: 'Misleading' });
  });

  it('uses the claim summary, or the quote when there is none', () => {
    expect(reviewOf('jobs').claimReviewed).toBe('Unemployment fell to 3% in March');
    expect(reviewOf('wages').claimReviewed).toBe('Wages rose faster than prices for the first time');
  });

  it('dates the review by its last update', () => {
    expect(reviewOf('jobs').datePublished).toBe('2024-03-14');
    expect(reviewOf('homes').datePublished).toBe('2024-03-10');
  });

  it('describes the claim with what is known and nothing else', () => {
    const appearance = { '@type': 'CreativeWork', url: 'https://gov.example/speech', datePublished: '2024-03-02' };
    expect(reviewOf('jobs').itemReviewed).toEqual({
      '@type': 'Claim',
      author: { '@type': 'Person', name: 'Jane Minister' },
      datePublished: '2024-03-02',
      appearance,
      firstAppearance: appearance,
    });
    // What the note does not say comes from the article: its address and date; the byline when nobody is named.
    const source = { '@type': 'CreativeWork', url: 'https://news.example.com/jobs', datePublished: '2024-03-03' };
    expect(reviewOf('homes').itemReviewed).toEqual({
      '@type': 'Claim',
      author: { '@type': 'Person', name: 'Governing Party' },
      datePublished: '2024-03-03',
      appearance: source,
    });
    // A javascript: address and an impossible date are not stated: the article's own facts stand in.
    for (const name of ['wages', 'percent'])
      expect(reviewOf(name).itemReviewed, name).toEqual({
        '@type': 'Claim',
        author: { '@type': 'Person', name: 'Sam Writer' },
        datePublished: '2024-03-03',
        appearance: source,
      });
  });

  it('leaves out the organisation URL and logo when they are missing or not http(s)', () => {
    const p = page(renderArticleExport(input({ organisation: { name: 'Desk', url: null, logoUrl: 'data:image/png;base64,AAAA' } })));
    for (const review of jsonLd(p)) expect(review.author).toEqual({ '@type': 'Organization', name: 'Desk' });
  });

  it('never describes a draft, even when drafts are shown', () => {
    const reviews = jsonLd(withDrafts);
    expect(reviews).toHaveLength(annotations.filter((a) => a.status === 'approved').length);
    expect(reviews.map((r) => r.url)).not.toContain(`${BASE}#note-${noteNumber(withDrafts, 'exports')}`);
  });

  it('builds review URLs on the base, replacing any fragment', () => {
    const p = page(renderArticleExport(input({ reviewUrlBase: 'https://news.example.com/jobs#top' })));
    expect(jsonLd(p).map((r) => r.url)).toContain(`https://news.example.com/jobs#note-${noteNumber(p, 'jobs')}`);
  });
});

describe('drafts', () => {
  it('are left out of marks, notes and summary unless included', () => {
    expect(published.html).not.toContain('data-annotation-id="exports"');
    expect(published.all.some((el) => (attr(el, 'data-annotation-id') ?? '').split(' ').includes('exports'))).toBe(false);
    expect(published.all.some((el) => attr(el, 'data-status')?.includes('draft'))).toBe(false);
    expect(textOf(published.tree)).not.toContain('Draft');
    expect(marksPerVerdict(published).get('false')).toEqual(new Set(['jobs']));
  });

  it('are shown marked Draft when included', () => {
    const mark = byTag(withDrafts, 'mark').find((el) => attr(el, 'data-annotation-id') === 'exports')!;
    expect(attr(mark, 'data-status')).toBe('draft');
    const n = noteNumber(withDrafts, 'exports');
    const ref = withDrafts.all.find((el) => attr(el, 'id') === `ref-${n}`)!;
    expect(textOf(ref)).toContain('Draft');
    expect(attr(ref, 'aria-label')).toBe(`Note ${n}: False (draft)`);
    const note = withDrafts.all.find((el) => attr(el, 'id') === `note-${n}`)!;
    expect(attr(note, 'data-status')).toBe('draft');
    expect(textOf(note)).toContain('Draft');
    const summaryFalse = withDrafts.all.find((el) => el.tagName === 'li' && attr(el, 'data-verdict') === 'false')!;
    expect(textOf(summaryFalse)).toContain('False: 2 (1 draft)');
    expect(textOf(byTag(withDrafts, 'header')[0])).toContain('Dee Drafter');
    // Approved marks say so too (as "final" in the page's markup), so the attribute lines up with data-annotation-id.
    const overlap = byTag(withDrafts, 'mark').find((el) => attr(el, 'data-annotation-id') === 'jobs percent')!;
    expect(attr(overlap, 'data-status')).toBe('final final');
  });
});

describe('verdict summary', () => {
  for (const [name, p] of [
    ['published', published],
    ['with drafts', withDrafts],
  ] as const) {
    it(`counts exactly the highlighted notes per verdict (${name})`, () => {
      const section = p.all.find((el) => el.tagName === 'section' && attr(el, 'aria-labelledby') === 'summary-heading')!;
      const items = elements(section).filter((el) => el.tagName === 'li');
      const counts = new Map(items.map((el) => [attr(el, 'data-verdict')!, Number(attr(el, 'data-count'))]));
      const marks = new Map([...marksPerVerdict(p)].map(([key, ids]) => [key, ids.size]));
      expect(counts).toEqual(marks);
      for (const el of items) expect(textOf(el)).toContain(`: ${attr(el, 'data-count')}`);
      // In scale order.
      const order = [...counts.keys()].map((key) => scale.findIndex((v) => v.key === key));
      expect(order).toEqual([...order].sort((a, b) => a - b));

      const svg = elements(section).find((el) => el.tagName === 'svg')!;
      expect(attr(svg, 'role')).toBe('img');
      const rects = elements(svg).filter((el) => el.tagName === 'rect');
      expect(rects.map((el) => attr(el, 'fill'))).toEqual([...counts.keys()].map((key) => verdict(key).colour));
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      rects.forEach((rect, i) => {
        expect(Number(attr(rect, 'width'))).toBeCloseTo(([...counts.values()][i] / total) * 100, 2);
      });
      const title = elements(svg).find((el) => el.tagName === 'title')!;
      for (const [key, count] of counts) {
        expect(attr(svg, 'aria-label')).toContain(`${verdict(key).label}: ${count}`);
        expect(textOf(title)).toContain(`${verdict(key).label}: ${count}`);
      }
    });
  }

  it('tells readers about notes whose text is gone instead of counting them', () => {
    expect(textOf(published.tree)).toContain('1 further note refers to text not found in this version of the article.');
    expect(published.all.some((el) => el.tagName === 'li' && attr(el, 'data-verdict') === 'mixed')).toBe(false);
  });
});

describe('notes', () => {
  it('show the claim, who made it, where it appeared, evidence and reviewer', () => {
    const n = noteNumber(published, 'jobs');
    const note = published.all.find((el) => attr(el, 'id') === `note-${n}`)!;
    const text = textOf(note);
    expect(text).toContain('Claim: Unemployment fell to 3% in March');
    expect(text).toContain('Claim made by');
    expect(text).toContain('Jane Minister');
    expect(text).toContain('Claim first appeared at');
    expect(text).toContain('https://gov.example/speech, 2 March 2024');
    expect(text).toContain('Labour force survey https://stats.example.gov/jobs?m=3&y=2024');
    expect(text).toContain('Reviewed by Ada Reviewer, 2024-03-14');
    const hrefs = elements(note).map((el) => attr(el, 'href'));
    expect(hrefs).toContain('https://gov.example/speech');
    expect(hrefs).toContain(`#ref-${n}`);

    const wages = published.all.find((el) => attr(el, 'id') === `note-${noteNumber(published, 'wages')}`)!;
    // Shown, never linked; the impossible date is shown as typed.
    expect(textOf(wages)).toContain('javascript:alert(1), 2024-02-30');
    expect(elements(wages).some((el) => attr(el, 'href')?.startsWith('javascript'))).toBe(false);
  });
});

describe('model and JSON', () => {
  const model = buildExportModel(input({ includeDrafts: true }));
  const json = exportModelToJson(model);

  it('is plain JSON that survives a round trip', () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('lists notes in document order with every field and a ClaimReview for approved ones', () => {
    expect(json.notes.map((n) => n.id)).toEqual(['jobs', 'percent', 'stale', 'wages', 'homes', 'exports', 'inflation']);
    expect(json.notes.map((n) => n.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const draft = json.notes.find((n) => n.id === 'exports')!;
    expect(draft.status).toBe('draft');
    expect(draft.claimReview).toBeNull();
    const jobs = json.notes.find((n) => n.id === 'jobs')!;
    expect(jobs).toMatchObject({
      anchor: '#note-1',
      located: true,
      claimSummary: 'Unemployment fell to 3% in March',
      claimAuthor: 'Jane Minister',
      claimAppearanceUrl: 'https://gov.example/speech',
      claimAppearanceDate: '2024-03-02',
      authorName: 'Ada Reviewer',
      verdict: { key: 'false', label: 'False', colour: '#b3261e', rating: 1 },
    });
    expect(jobs.claimReview?.url).toBe(`${BASE}#note-1`);
    expect(json.notes.find((n) => n.id === 'stale')!.located).toBe(false);
  });

  it('summarises in scale order and dates the check by the latest published update', () => {
    expect(json.summary.map((e) => [e.verdict.key, e.count, e.drafts])).toEqual([
      ['true', 1, 0],
      ['mostly-false', 1, 0],
      ['false', 2, 1],
      ['misleading', 1, 0],
      ['unverifiable', 1, 0],
    ]);
    expect(json.unlocated).toBe(1);
    expect(json.checkedAt).toBe('2024-03-20T00:00:00.000Z');
    expect(json.reviewers).toEqual(['Ada Reviewer', 'Bo Checker', 'Dee Drafter']);
    expect(exportModelToJson(buildExportModel(input())).checkedAt).toBe('2024-03-14T08:00:00.000Z');
    expect(exportModelToJson(buildExportModel(input({ annotations: [] }))).checkedAt).toBe('2024-03-21T12:00:00.000Z');
  });

  it('makes a one-line claim summary of at most 75 characters from the quote', () => {
    expect(defaultClaimSummary('  Crime\n\nfell \t by 20%  ')).toBe('Crime fell by 20%');
    expect(defaultClaimSummary(`${'word '.repeat(30)}end`)).toBe(`${'word '.repeat(14)}word…`);
    // A cut just after a space does not leave it before the ellipsis.
    expect(defaultClaimSummary(`${'x'.repeat(73)} ${'y'.repeat(10)}`)).toBe(`${'x'.repeat(73)}…`);
    const emoji = defaultClaimSummary('👍'.repeat(100));
    expect(Array.from(emoji)).toHaveLength(CLAIM_SUMMARY_MAX);
    expect(emoji).toBe(`${'👍'.repeat(CLAIM_SUMMARY_MAX - 1)}…`);
    expect(defaultClaimSummary('x'.repeat(CLAIM_SUMMARY_MAX))).toBe('x'.repeat(CLAIM_SUMMARY_MAX));
  });
});

// --- Colour contrast (WCAG 2.2 relative luminance and contrast ratio) ---

type RGB = [number, number, number];

function rgb(hex: string): RGB {
  const h = hex.slice(1);
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as RGB;
}

function luminance([r, g, b]: RGB): number {
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a: RGB, b: RGB): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** `colour` at `alpha` (of 255) painted `layers` times over `base`, as stacked gradients are. */
function over(base: RGB, colour: RGB, alpha: number, layers = 1): RGB {
  let out = base;
  for (let i = 0; i < layers; i++) out = out.map((c, j) => c + (colour[j] - c) * (alpha / 255)) as RGB;
  return out;
}

describe('colour contrast (WCAG 2.2 AA, 4.5:1 for text)', () => {
  const AA = 4.5;
  const schemes: [string, Palette, { tint: number; badge: number }][] = [
    ['light', LIGHT, { tint: TINT_ALPHA.light, badge: BADGE_ALPHA.light }],
    ['dark', DARK, { tint: TINT_ALPHA.dark, badge: BADGE_ALPHA.dark }],
  ];

  for (const [name, p, alpha] of schemes) {
    it(`passes for every fixed text/background pair (${name})`, () => {
      const pairs: [keyof Palette, keyof Palette][] = [
        ['ink', 'pill'],
        ['ink', 'pillHover'],
        ['ink', 'code'],
      ];
      for (const text of ['ink', 'muted', 'link', 'accent', 'quote'] as const) pairs.push([text, 'bg'], [text, 'target']);
      for (const [text, bg] of pairs) expect(contrast(rgb(p[text]), rgb(p[bg])), `${name}: ${text} on ${bg}`).toBeGreaterThanOrEqual(AA);
    });

    it(`keeps text readable on verdict tints of the default scale (${name})`, () => {
      let worst = Infinity;
      for (const v of DEFAULT_VERDICTS) {
        // Highlights: body text, quotes and links inside up to MAX_TINTS stacked tints of one colour (the darkest case).
        for (let layers = 1; layers <= MAX_TINTS; layers++) {
          const bg = over(rgb(p.bg), rgb(v.colour), alpha.tint, layers);
          for (const text of [p.ink, p.quote, p.link]) worst = Math.min(worst, contrast(rgb(text), bg));
        }
        // Badges: ink on the badge fill, on the page and on a targeted note.
        for (const base of [p.bg, p.target]) worst = Math.min(worst, contrast(rgb(p.ink), over(rgb(base), rgb(v.colour), alpha.badge)));
      }
      expect(worst).toBeGreaterThanOrEqual(AA);
    });
  }
});

// --- Hostile input ---

const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><img src=x onerror=alert(1)>",
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<body onload=alert(1)>',
  '" onmouseover="alert(1)" x="',
  "' onfocus='alert(1)' autofocus='",
  '<a href="javascript:alert(1)">click</a>',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(document.domain)',
  'java\tscript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '</script><script>alert(1)</script>',
  '<!--<script>alert(1)//-->',
  '</title><script>alert(1)</script>',
  '</style><script>alert(1)</script>',
  'red;}body{display:none}',
  '</style><style>body{display:none}</style>',
  'expression(alert(1)) url(javascript:alert(1))',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<![CDATA[<script>alert(1)</script>]]>',
  '\u202Egnp.exe\u202C and \u2066isolate\u2069 \u200Frtl',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)} #{alert(1)} <%= 7*7 %>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&amp;&quot;&#39;&#x3C;',
  '\\u003cscript\\u003e \\x3c',
  'a\u0000b\u0001c\u007fd\uFFFEe',
  'line\u2028separator\u2029paragraph',
  '__proto__',
  '👍🏽 é (e + U+0301) 中文 עברית',
  'x'.repeat(100_000),
];

/** How a payload reads on the page: code points that are HTML parse errors become U+FFFD (see escape.ts). */
function asText(payload: string): string {
  return payload.replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g, '\uFFFD');
}

function hostileInput(payload: string): ExportInput {
  const hostileDoc = s.node('doc', null, [
    s.node('title', null, [s.text(payload)]),
    s.node('paragraph', null, [s.text('Before '), s.text(payload), s.text(' after.')]),
    s.node('paragraph', null, [s.text('A link', [s.mark('link', { href: payload, title: payload })])]),
  ]);
  const range = (() => {
    let from = -1;
    hostileDoc.descendants((node, pos) => {
      if (from < 0 && node.type.name === 'paragraph') from = pos + 1 + 'Before '.length;
      return from < 0;
    });
    return { from, to: from + payload.length, exact: payload };
  })();
  const hostileVerdict: ExportVerdict = { key: 'false', label: payload, colour: payload, icon: payload, rating: 1, position: 1 };
  const note = (id: string, status: 'approved' | 'draft'): ExportAnnotation => ({
    id,
    ...range,
    verdict: hostileVerdict,
    rationale: payload,
    authorName: payload,
    createdAt: '2024-03-01T00:00:00Z',
    updatedAt: '2024-03-02T00:00:00Z',
    evidence: [
      { url: payload, title: payload, excerpt: payload },
      { url: 'https://ok.example/', title: payload, excerpt: null },
    ],
    status,
    claimSummary: payload,
    claimAuthor: payload,
    claimAppearanceUrl: payload,
    claimAppearanceDate: payload,
  });
  return {
    article: { title: payload, sourceUrl: payload, byline: payload, publishedAt: payload },
    doc: hostileDoc,
    annotations: [note('f', 'approved'), note('d', 'draft')],
    verdicts: [hostileVerdict],
    organisation: { name: payload, url: payload, logoUrl: payload },
    exportedAt: new Date('2024-03-03T00:00:00Z'),
    includeDrafts: true,
    reviewUrlBase: 'https://desk.example.org/check',
  };
}

describe('hostile input stays text', () => {
  const ourStyle = byTag(published, 'style').map(textOf)[0].split('\nmark.fc-tint-1')[0];

  it.each(PAYLOADS.map((payload) => [payload.length > 60 ? `${payload.slice(0, 20)}… (${payload.length} chars)` : payload, payload]))(
    '%s',
    (_, payload) => {
      const p = page(renderArticleExport(hostileInput(payload)));
      expect(p.errors).toEqual([]);
      expect(validationErrors(p.html)).toEqual([]);

      // The only script is the data block, and it holds the strings exactly.
      const scripts = byTag(p, 'script');
      expect(scripts.map((el) => attr(el, 'type'))).toEqual(['application/ld+json']);
      const [review] = jsonLd(p);
      // A long claim is cut at a word for search results; anything shorter is kept exactly.
      expect(review.claimReviewed).toBe(cutAtWord(payload));
      expect(review.reviewRating.alternateName).toBe(payload);
      expect(review.author?.name).toBe(payload.trim());
      expect(review.itemReviewed.author?.name).toBe(payload.trim());

      // No event handlers, no script URLs, no style but ours, no inline style.
      expect(p.all.filter((el) => el.attrs.some((a) => /^on/i.test(a.name)))).toEqual([]);
      for (const el of p.all) {
        for (const name of ['href', 'src', 'xlink:href', 'action', 'formaction']) {
          const value = attr(el, name);
          if (value !== null) expect(value.replace(/[\s\u0000-\u001f]/g, '')).toMatch(/^(https?:|mailto:|#)/i);
        }
      }
      const styles = byTag(p, 'style');
      expect(styles).toHaveLength(1);
      expect(textOf(styles[0]).startsWith(ourStyle)).toBe(true);
      expect(p.all.filter((el) => attr(el, 'style') !== null)).toEqual([]);
      expect(p.all.filter((el) => ['img', 'iframe', 'base', 'noscript', 'math'].includes(el.tagName))).toEqual([]);
      expect(p.all.filter((el) => el.tagName === 'meta' && attr(el, 'http-equiv') !== null)).toEqual([]);

      // Every field shows the payload as text.
      const body = byTag(p, 'body')[0];
      const visible = textOf(body);
      const shown = asText(payload);
      const count = visible.split(shown).length - 1;
      // Title, body text, byline, organisation, reviewers, published date, source, and in each of the
      // two notes: verdict, claim, quote, claim author, appearance, rationale, evidence (title, URL, excerpt), reviewer.
      expect(count).toBeGreaterThanOrEqual(20);
      for (const field of [
        'note-ref',
        'claim',
        'rationale',
        'evidence',
        'claim-meta',
        'note-meta',
        'byline',
        'publisher',
        'summary-list',
      ]) {
        const els = p.all.filter((el) => (attr(el, 'class') ?? '').split(' ').includes(field));
        expect(els.length, field).toBeGreaterThan(0);
        for (const el of els) expect(textOf(el), field).toContain(shown);
      }
    },
  );
});

describe('escaping', () => {
  it('replaces code points HTML cannot carry with U+FFFD and keeps the rest', () => {
    expect(escapeHtml('a\u0000\u0007\uD800b😀\u{10FFFF}\u202E<&>"\'')).toBe('a\uFFFD\uFFFD\uFFFDb😀\uFFFD\u202E&lt;&amp;&gt;&quot;&#39;');
  });

  it('JSON for a script cannot end the script or open a comment, and reads back exactly', () => {
    const value = { a: '</script><script>alert(1)</script>', b: '<!-- & -->', c: '\u2028\u2029', d: '\u0000\u007f\uFFFE', e: '\uD800' };
    const out = jsonForScript(value);
    expect(out).not.toMatch(/[<>&\u2028\u2029\u0000\u007f\uFFFE]/);
    expect(JSON.parse(out)).toEqual(value);
  });
});

describe('who reviewed what', () => {
  it('names the last editor next to the author, and lists both as reviewers', async () => {
    const { buildExportModel } = await import('@/server/export/model');
    const { renderExportModel } = await import('@/server/export/html');
    const { articleSchema: s } = await import('@/server/domain/article-schema');
    const doc = s.node('doc', null, [s.node('title', null, [s.text('T')]), s.node('paragraph', null, [s.text('The claim is here.')])]);
    const verdict = { key: 'false', label: 'False', colour: '#b3261e', icon: '✘', rating: 1, position: 1 };
    const model = buildExportModel({
      article: { title: 'T', sourceUrl: null, byline: null, publishedAt: null },
      doc,
      verdicts: [verdict],
      organisation: { name: 'Desk', url: null, logoUrl: null },
      exportedAt: new Date('2026-11-25T00:00:00Z'),
      includeDrafts: false,
      reviewUrlBase: 'https://desk.example/check',
      annotations: [
        {
          id: 'a',
          from: 8,
          to: 16,
          exact: 'claim is',
          verdict,
          rationale: '',
          authorName: 'Ana',
          editedBy: '<b>Ben</b>',
          createdAt: '2026-11-24T00:00:00Z',
          updatedAt: '2026-11-25T00:00:00Z',
          evidence: [],
          status: 'approved',
          claimSummary: '',
          claimAuthor: null,
          claimAppearanceUrl: null,
          claimAppearanceDate: null,
        },
      ],
    });
    expect(model.reviewers).toEqual(['Ana', '<b>Ben</b>']);
    expect(model.notes[0].end).not.toBeNull(); // on its text
    const html = renderExportModel(model);
    expect(html).toContain('last edited by <bdi class="editor">&lt;b&gt;Ben&lt;/b&gt;</bdi>');
  });
});
