import { describe, expect, it } from 'vitest';
import { parse, type DefaultTreeAdapterTypes as P, type ParserError } from 'parse5';
import type { Node as PMNode } from 'prosemirror-model';
import { articleSchema as s } from '@/server/domain/article-schema';
import { textBetween } from '@/server/domain/plain-text';
import { DEFAULT_VERDICTS } from '@/server/domain/verdicts';
import { escapeHtml } from '@/server/export/escape';
import { renderArticleExport } from '@/server/export/html';
import type { ExportAnnotation, ExportArticle, ExportInput, ExportVerdict } from '@/server/export/model';

const XSS = '"><img src=x onerror=alert(1)>';

const doc = s.node('doc', null, [
  s.node('title', null, [s.text('Mayor says crime fell'), s.text(` ${XSS}`, [s.mark('em')])]),
  s.node('paragraph', null, [
    s.text('Crime fell by '),
    s.text('20 percent', [s.mark('strong')]),
    s.text(' last year, says '),
    s.text('the report', [s.mark('link', { href: 'https://example.org/r?a=1&b=2', title: `T ${XSS}` }), s.mark('em')]),
    s.text(' today.'),
  ]),
  s.node('paragraph', null, [
    s.text('Click '),
    s.text('here', [s.mark('link', { href: 'javascript:alert(1)' })]),
    s.text(' or '),
    s.text('write', [s.mark('link', { href: 'mailto:desk@example.org' })]),
    s.text(' to <script>alert(1)</script> us.'),
  ]),
  s.node('heading', { level: 3 }, [s.text('Numbers')]),
  s.node('blockquote', null, [s.node('paragraph', null, [s.text('First line'), s.node('hard_break'), s.text('second line')])]),
  s.node('ordered_list', { order: 3 }, [
    s.node('list_item', null, [s.node('paragraph', null, [s.text('third item')])]),
    s.node('list_item', null, [s.node('paragraph', null, [s.text('fourth item')])]),
  ]),
  s.node('bullet_list', null, [s.node('list_item', null, [s.node('paragraph', null, [s.text('a bullet')])])]),
]);

/** Positions of `needle` (which must lie inside one textblock), or from `needle`'s start to `endNeedle`'s end. */
function rangeOf(needle: string, endNeedle?: string): { from: number; to: number; exact: string } {
  const find = (text: string) => {
    let found: { from: number; to: number } | null = null;
    doc.descendants((node, pos) => {
      if (found || !node.isTextblock) return !found;
      // Inside a textblock every character of textBetween is one position, a hard break included.
      const i = textBetween(doc, pos + 1, pos + 1 + node.content.size).indexOf(text);
      if (i >= 0) found = { from: pos + 1 + i, to: pos + 1 + i + text.length };
      return false;
    });
    if (!found) throw new Error(`"${text}" is not in the test document`);
    return found as { from: number; to: number };
  };
  const from = find(needle).from;
  const to = find(endNeedle ?? needle).to;
  return { from, to, exact: textBetween(doc, from, to) };
}

const scale: ExportVerdict[] = DEFAULT_VERDICTS.map((v) => ({ ...v, rating: null }));
const verdict = (key: string): ExportVerdict => scale.find((v) => v.key === key)!;

function annotation(
  id: string,
  range: { from: number; to: number; exact: string },
  extra: Partial<ExportAnnotation> = {},
): ExportAnnotation {
  return {
    id,
    ...range,
    verdict: verdict('false'),
    rationale: 'Plain rationale.',
    authorName: 'Ada Reviewer',
    createdAt: '2024-03-01T10:00:00.000Z',
    updatedAt: '2024-03-12T09:30:00.000Z',
    evidence: [],
    status: 'approved',
    claimSummary: '',
    claimAuthor: null,
    claimAppearanceUrl: null,
    claimAppearanceDate: null,
    ...extra,
  };
}

const article: ExportArticle = {
  title: `Mayor says crime fell ${XSS}`,
  sourceUrl: 'https://news.example.com/story?id=1&x=2',
  byline: `Jo Writer ${XSS}`,
  publishedAt: '2024-02-29',
};

const annotations: ExportAnnotation[] = [
  annotation('b', rangeOf('20 percent last year')),
  annotation('a', rangeOf('Crime fell by 20 percent'), {
    verdict: { key: 'mixed', label: `Mixed ${XSS}`, colour: 'red;}body{display:none', icon: '<◐>', rating: null, position: 3 },
    rationale: 'First paragraph <script>alert(1)</script>\nsame paragraph\n\nSecond paragraph',
    authorName: `Eve ${XSS}`,
    evidence: [
      { url: 'javascript:alert(1)', title: 'Evil link', excerpt: null },
      { url: 'https://stats.example.gov/crime?y=2023&z=1', title: `Crime stats ${XSS}`, excerpt: 'Crime fell 12%.\n<b>Not</b> 20%.' },
      { url: 'data:text/html,<script>alert(1)</script>', title: '', excerpt: null },
    ],
  }),
  annotation('t', rangeOf('crime fell'), { verdict: verdict('true') }),
  annotation('link', rangeOf('says the report')),
  annotation('br', rangeOf('line\nsecond')),
  annotation('cross', rangeOf('today.', 'Click here')),
  annotation('list', rangeOf('third item', 'fourth')),
  annotation('stale', { from: rangeOf('Numbers').from, to: rangeOf('Numbers').to, exact: 'Letters' }),
  annotation('outside', { from: 9000, to: 9010, exact: 'gone' }),
  annotation('empty', { from: 5, to: 5, exact: '' }),
];

/** The fields every test here leaves alone. */
function input(extra: Partial<ExportInput>): ExportInput {
  return {
    article,
    doc,
    annotations,
    verdicts: scale,
    organisation: { name: 'Desk', url: 'https://desk.example.org/', logoUrl: null },
    exportedAt: new Date('2024-03-15T12:00:00Z'),
    includeDrafts: false,
    reviewUrlBase: 'https://desk.example.org/checks/1',
    ...extra,
  };
}

const html = renderArticleExport(input({}));
const errors: ParserError[] = [];
const tree = parse(html, { onParseError: (e) => errors.push(e) });

// --- parse5 helpers ---

function elements(node: P.ParentNode = tree): P.Element[] {
  const out: P.Element[] = [];
  for (const child of node.childNodes) {
    if ('tagName' in child) out.push(child, ...elements(child));
  }
  return out;
}

function attr(el: P.Element, name: string): string | null {
  return el.attrs.find((a) => a.name === name)?.value ?? null;
}

/** Text as the invariant counts it: a <br> is the hard break's "\n". */
function textOf(node: P.ParentNode): string {
  return node.childNodes
    .map((child) =>
      'value' in child && child.nodeName === '#text'
        ? child.value
        : 'tagName' in child
          ? child.tagName === 'br'
            ? '\n'
            : textOf(child)
          : '',
    )
    .join('');
}

function markedText(id: string): string {
  return elements()
    .filter((el) => el.tagName === 'mark' && (attr(el, 'data-annotation-id') ?? '').split(' ').includes(id))
    .map(textOf)
    .join('');
}

function noteFor(id: string): P.Element {
  const note = elements().find((el) => el.tagName === 'li' && attr(el, 'data-annotation-id') === id);
  if (!note) throw new Error(`no note for ${id}`);
  return note;
}

/** The annotation's text with block separators dropped, which is what its marks can hold. */
function inlineText(d: PMNode, from: number, to: number): string {
  return d.textBetween(from, to, '', '\n');
}

describe('renderArticleExport', () => {
  it('is a well-formed, self-contained HTML5 document', () => {
    expect(html.startsWith('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">')).toBe(true);
    expect(errors).toEqual([]);
    expect(html).toContain('@media print');
  });

  it('emits no script but the JSON-LD data block, and shows script text in the rationale as text', () => {
    const scripts = elements().filter((el) => el.tagName === 'script');
    expect(scripts.map((el) => attr(el, 'type'))).toEqual(['application/ld+json']);
    expect(html.toLowerCase().split('<script').length).toBe(2);
    expect(html).toContain('First paragraph &lt;script&gt;alert(1)&lt;/script&gt;<br>same paragraph');
    expect(textOf(noteFor('a'))).toContain('<script>alert(1)</script>');
    expect(elements().filter((el) => el.attrs.some((a) => a.name.startsWith('on')))).toEqual([]);
  });

  it('keeps rationale paragraphs and line breaks', () => {
    const rationale = elements(noteFor('a')).find((el) => attr(el, 'class') === 'rationale')!;
    const paragraphs = rationale.childNodes.filter((c) => 'tagName' in c && c.tagName === 'p') as P.Element[];
    expect(paragraphs.map(textOf)).toEqual(['First paragraph <script>alert(1)</script>\nsame paragraph', 'Second paragraph']);
  });

  it('escapes title, byline, author and verdict label', () => {
    expect(html).not.toContain(XSS);
    expect(elements().some((el) => el.tagName === 'img')).toBe(false);
    expect(html).toContain(escapeHtml(`Jo Writer ${XSS}`));
    expect(html).toContain(escapeHtml(`Eve ${XSS}`));
    expect(html).toContain(escapeHtml(`Mixed ${XSS}`));
    const title = elements().find((el) => el.tagName === 'title')!;
    // Cut to 70 characters of escaped text (see pageTitle); the h1 has it all.
    const text = textOf(title);
    expect(text.endsWith('…')).toBe(true);
    expect(`Fact-check: Mayor says crime fell ${XSS}`.startsWith(text.slice(0, -1))).toBe(true);
    expect(text.length).toBeGreaterThan(50);
  });

  it('renders the title node once, as the h1', () => {
    const h1s = elements().filter((el) => el.tagName === 'h1');
    expect(h1s).toHaveLength(1);
    // The headline's note ref shows its number and verdict (the icon and dots are drawn by the stylesheet).
    expect(textOf(h1s[0])).toMatch(/^Mayor says crime fell.*2  True/);
    expect(textOf(h1s[0]).endsWith(XSS)).toBe(true);
    expect(
      elements()
        .filter((el) => el.tagName === 'h3')
        .map(textOf),
    ).toContain('Numbers');
    expect(elements().find((el) => el.tagName === 'ol' && attr(el, 'start') === '3')).toBeDefined();
  });

  it('never puts a non-http evidence URL into an href', () => {
    const hrefs = elements()
      .map((el) => attr(el, 'href'))
      .filter((h): h is string => h !== null);
    expect(hrefs.some((h) => /javascript:|data:/i.test(h))).toBe(false);
    expect(html).toContain('href="https://stats.example.gov/crime?y=2023&amp;z=1"');
    expect(textOf(noteFor('a'))).toContain('javascript:alert(1)');
  });

  it('keeps only safe hrefs on article links', () => {
    const links = elements(elements().find((el) => attr(el, 'class') === 'article')!).filter((el) => el.tagName === 'a');
    const hrefs = links.map((el) => attr(el, 'href'));
    expect(hrefs).toContain('https://example.org/r?a=1&b=2');
    expect(hrefs).toContain('mailto:desk@example.org');
    expect(hrefs.every((h) => h !== null && /^(https?:|mailto:|#)/.test(h))).toBe(true);
    for (const link of links.filter((el) => !attr(el, 'href')!.startsWith('#'))) {
      expect(attr(link, 'rel')).toBe('noopener noreferrer nofollow');
    }
    expect(links.find((el) => attr(el, 'href')?.startsWith('https://example.org'))!.attrs.find((a) => a.name === 'title')!.value).toBe(
      `T ${XSS}`,
    );
  });

  it('names every covering annotation on an overlap, outermost first', () => {
    const overlap = elements().filter((el) => el.tagName === 'mark' && attr(el, 'data-annotation-id') === 'a b');
    expect(overlap.map(textOf)).toEqual(['20 percent']);
    expect(attr(overlap[0], 'data-verdict')).toBe('mixed false');
  });

  it('marks exactly each annotation’s text', () => {
    for (const a of annotations.filter((a) => !['stale', 'outside', 'empty'].includes(a.id))) {
      expect(markedText(a.id), a.id).toBe(inlineText(doc, a.from, a.to));
    }
    expect(markedText('a')).toBe('Crime fell by 20 percent');
    expect(markedText('br')).toBe('line\nsecond');
  });

  it('puts <mark> outside inline formatting and never nests marks', () => {
    const marks = elements().filter((el) => el.tagName === 'mark');
    expect(marks.every((m) => !elements(m).some((el) => el.tagName === 'mark'))).toBe(true);
    const strong = elements().find((el) => el.tagName === 'strong' && textOf(el) === '20 percent')!;
    expect(strong.parentNode && 'tagName' in strong.parentNode && strong.parentNode.tagName).toBe('mark');
  });

  it('lists annotations it cannot highlight, without marks or refs', () => {
    for (const id of ['stale', 'outside', 'empty']) {
      expect(markedText(id)).toBe('');
      expect(textOf(noteFor(id))).toContain('(text not found in this version)');
    }
    expect(elements().filter((el) => el.tagName === 'li' && attr(el, 'id')?.startsWith('note-'))).toHaveLength(annotations.length);
  });

  it('numbers notes by position and links refs and back-links both ways', () => {
    const ids = new Set(
      elements()
        .map((el) => attr(el, 'id'))
        .filter(Boolean),
    );
    const internal = elements().filter((el) => el.tagName === 'a' && attr(el, 'href')?.startsWith('#'));
    expect(internal.length).toBeGreaterThan(0);
    for (const link of internal) expect(ids.has(attr(link, 'href')!.slice(1))).toBe(true);

    const refs = elements().filter((el) => attr(el, 'id')?.startsWith('ref-'));
    expect(refs).toHaveLength(annotations.length - 3);
    const notes = elements().filter((el) => el.tagName === 'li' && attr(el, 'id')?.startsWith('note-'));
    expect(notes.map((el) => attr(el, 'data-annotation-id'))[0]).toBe('empty');
    const noteA = notes.find((el) => attr(el, 'data-annotation-id') === 'a')!;
    const n = attr(noteA, 'id')!.slice('note-'.length);
    const ref = refs.find((el) => attr(el, 'id') === `ref-${n}`)!;
    expect(attr(ref, 'aria-label')).toBe(`Note ${n}: Mixed ${XSS}`);
    // Its text is part of its name (WCAG 2.5.3): the number and the verdict; the icon and separators are drawn by CSS.
    expect(textOf(ref)).toBe(`${n}  Mixed ${XSS}`);
    const icon = elements(ref).find((el) => attr(el, 'class') === 'note-icon')!;
    expect(attr(icon, 'data-icon')).toBe('<◐>');
    expect(attr(icon, 'aria-hidden')).toBe('true');
    expect(elements(ref).filter((el) => attr(el, 'class') === 'sep')).toHaveLength(1);
    const back = elements(noteA).find((el) => attr(el, 'href') === `#ref-${n}`)!;
    expect(attr(back, 'aria-label')).toMatch(/back to text/i);
  });

  it('does not put an invalid colour into CSS', () => {
    expect(html).not.toContain('body{display:none');
    expect(html).not.toContain('red;');
    // Colours live in the one stylesheet and in SVG fills, never in style attributes.
    expect(elements().filter((el) => attr(el, 'style') !== null)).toEqual([]);
    const css = elements()
      .filter((el) => el.tagName === 'style')
      .map(textOf)
      .join('\n');
    expect(css).toContain('#6b6b6b');
    const colours = [
      ...(css.match(/#[0-9a-z]+/gi) ?? []),
      ...elements()
        .map((el) => attr(el, 'fill'))
        .filter((v): v is string => v !== null),
    ];
    expect(colours.length).toBeGreaterThan(0);
    for (const colour of colours) expect(colour).toMatch(/^#[0-9a-f]{6}([0-9a-f]{2})?$/);
  });

  it('loads nothing: links are the only URLs', () => {
    const css = elements()
      .filter((el) => el.tagName === 'style')
      .map(textOf)
      .concat(elements().map((el) => attr(el, 'style') ?? ''))
      .join('\n');
    expect(css).not.toMatch(/url\(|@import/i);
    const fetching = ['src', 'srcset', 'poster', 'data', 'action', 'formaction', 'background', 'xlink:href'];
    expect(elements().filter((el) => el.attrs.some((a) => fetching.includes(a.name)))).toEqual([]);
    const loaders = ['img', 'image', 'use', 'link', 'iframe', 'object', 'embed', 'video', 'audio', 'source', 'base', 'form'];
    expect(elements().filter((el) => loaders.includes(el.tagName))).toEqual([]);
    // A data block is never run or fetched; it is the only script (see above).
    expect(elements().filter((el) => el.tagName === 'script' && attr(el, 'type') !== 'application/ld+json')).toEqual([]);
    for (const el of elements()) {
      for (const a of el.attrs) {
        if (/https?:/i.test(a.value)) expect(`${el.tagName}[${a.name}]`).toBe('a[href]');
      }
    }
  });

  it('formats dates and shows the header metadata', () => {
    expect(html).toContain('<time datetime="2024-03-12">2024-03-12</time>');
    expect(html).toContain(
      'Checked <time datetime="2024-03-12">12 March 2024</time> · 10 notes · exported <time datetime="2024-03-15">15 March 2024</time>',
    );
    expect(html).toContain('<time datetime="2024-02-29">29 February 2024</time>');
    expect(html).toContain('href="https://news.example.com/story?id=1&amp;x=2"');
  });

  it('renders an empty article and no annotations', () => {
    const empty = s.node('doc', null, [s.node('title')]);
    const out = renderArticleExport(
      input({
        article: { title: 'Fallback <title>', sourceUrl: 'javascript:alert(1)', byline: null, publishedAt: null },
        doc: empty,
        annotations: [],
        exportedAt: new Date('2024-01-01T00:00:00Z'),
      }),
    );
    expect(out).toContain('<h1 class="article-title">Fallback &lt;title&gt;</h1>');
    expect(out).not.toMatch(/href="javascript/i);
    expect(out).toContain('This article has no fact-check notes.');
    expect(out).toContain('No claims are highlighted in this fact-check.');
    // No approved note, no ClaimReview, so no data block at all.
    expect(out).not.toContain('<script');
    expect(out).toContain('Checked <time datetime="2024-01-01">1 January 2024</time> · 0 notes');
  });
});
