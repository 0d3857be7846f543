import { describe, expect, it } from 'vitest';
import type { Node as PMNode } from 'prosemirror-model';
import { plainTextOf } from '@/server/domain/plain-text';
import { MAX_TITLE_LENGTH } from '@/server/domain/limits';
import { resolveFormat } from '@/server/import/detect';
import { htmlToBlocks } from '@/server/import/html';
import { TooDeepError } from '@/server/import/depth';
import { ImportError, importArticle } from '@/server/import';
import { CREDIT_ARTICLE_TEXT } from '../fixtures';

// The only attributes an imported document may carry.
const ALLOWED_ATTRS: Record<string, string[]> = {
  heading: ['level'],
  ordered_list: ['order'],
  link: ['href', 'title'],
};

interface JSONNode {
  type: string;
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  content?: JSONNode[];
  text?: string;
}

/** Walks the document JSON and fails on any attribute, link target or text that should not be there. */
function expectSanitized(doc: PMNode): void {
  const visit = (node: JSONNode) => {
    expect(Object.keys(node.attrs ?? {}).filter((a) => !ALLOWED_ATTRS[node.type]?.includes(a))).toEqual([]);
    for (const mark of node.marks ?? []) {
      expect(Object.keys(mark.attrs ?? {}).filter((a) => !ALLOWED_ATTRS[mark.type]?.includes(a))).toEqual([]);
      if (mark.type === 'link') expect(mark.attrs?.href).toMatch(/^(https?|mailto):/);
    }
    if (node.text !== undefined) {
      expect(node.text).not.toContain('alert(');
      expect(node.text).not.toBe('');
    }
    node.content?.forEach(visit);
  };
  visit(doc.toJSON() as JSONNode);
}

const body = (doc: PMNode) => doc.content.content.slice(1);
const types = (doc: PMNode) => body(doc).map((n) => n.type.name);
const texts = (doc: PMNode) => body(doc).map((n) => n.textContent);

function linksOf(doc: PMNode): { text: string; href: string }[] {
  const links: { text: string; href: string }[] = [];
  doc.descendants((node) => {
    const link = node.marks.find((m) => m.type.name === 'link');
    if (node.isText && link) links.push({ text: node.text!, href: link.attrs.href });
  });
  return links;
}

describe('importArticle: plain text', () => {
  it('takes the first line as title and splits paragraphs at blank lines', () => {
    const { title, doc } = importArticle({
      text: '\uFEFFHeadline here  \r\n\r\nFirst paragraph,\r\nsecond line.\r\n\r\n\r\n\tSecond\u0007 paragraph.  \r',
      format: 'text',
    });
    expect(title).toBe('Headline here');
    expect(doc.firstChild!.type.name).toBe('title');
    expect(doc.firstChild!.textContent).toBe('Headline here');
    expect(types(doc)).toEqual(['paragraph', 'paragraph']);
    expect(body(doc)[0].child(1).type.name).toBe('hard_break');
    expect(plainTextOf(doc)).toBe('Headline here\n\nFirst paragraph,\nsecond line.\n\n Second paragraph.');
  });

  it('keeps the rest of a multi-line first paragraph in the body', () => {
    const { title, doc } = importArticle({ text: 'Headline\nBy A. Reporter\n\nBody.', format: 'text' });
    expect(title).toBe('Headline');
    expect(texts(doc)).toEqual(['By A. Reporter', 'Body.']);
  });

  it('keeps the first line in the body when a title is given', () => {
    const { title, doc } = importArticle({ text: 'Opening line.\n\nMore.', title: '  My   title ' });
    expect(title).toBe('My title');
    expect(texts(doc)).toEqual(['Opening line.', 'More.']);
  });

  it('drops a first line that repeats the given title', () => {
    const { doc } = importArticle({ text: 'My  title\n\nMore.', title: 'My title' });
    expect(texts(doc)).toEqual(['More.']);
  });

  it('keeps an over-long first line in the body and shortens the title', () => {
    const long = 'word '.repeat(200).trim();
    const { title, doc } = importArticle({ text: `${long}\n\nMore.`, format: 'text' });
    expect(title.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
    expect(title.endsWith('…')).toBe(true);
    expect(texts(doc)).toEqual([long, 'More.']);
  });

  it('refuses text with nothing readable', () => {
    expect(() => importArticle({ text: ' \n\u0000\n\t', format: 'text' })).toThrow(ImportError);
  });

  it('imports the Ant Group article with its headline and every paragraph', () => {
    const text = CREDIT_ARTICLE_TEXT;
    const blocks = text.split(/\n\s*\n/).filter((b) => b.trim());
    const { title, doc } = importArticle({ text, fileName: 'ant-group-credit-data.txt' });
    expect(title).toBe(text.split('\n')[0].trim());
    expect(title).toBe('Jack Ma in trouble again? U.S. media: Beijing forced him to hand over consumer data');
    expect(types(doc)).toEqual(Array(blocks.length - 1).fill('paragraph'));
    expect(plainTextOf(doc)).toContain('about 100 commercial banks');
    expect(resolveFormat({ text })).toBe('text');
  });
});

describe('importArticle: Markdown', () => {
  const markdown = [
    '# The *headline*',
    '',
    'Some *emphasis*, **strong** and `code`, a [source](https://example.com/a "Source") and a [trap](javascript:alert(1)).',
    '',
    '- one',
    '- two',
    '',
    '3. three',
    '4. four',
    '',
    '## Section',
    '',
    '> Quoted text',
    '',
    '<script>alert(1)</script>',
    '',
    'Inline <img src=x onerror="alert(1)" alt="chart"> html.',
  ].join('\n');

  it('maps headings, lists, quotes, marks and safe links', () => {
    const { title, doc } = importArticle({ text: markdown, format: 'markdown' });
    expect(title).toBe('The headline');
    expect(types(doc)).toEqual(['paragraph', 'bullet_list', 'ordered_list', 'heading', 'blockquote', 'paragraph']);
    const [para, bullets, ordered, heading] = body(doc);
    expect(ordered.attrs.order).toBe(3);
    expect(heading.attrs.level).toBe(2);
    expect(bullets.childCount).toBe(2);
    expect(bullets.firstChild!.firstChild!.type.name).toBe('paragraph');
    const marked = (name: string) => {
      const found: string[] = [];
      para.forEach((n) => {
        if (n.marks.some((m) => m.type.name === name)) found.push(n.text!);
      });
      return found;
    };
    expect(marked('em')).toEqual(['emphasis']);
    expect(marked('strong')).toEqual(['strong']);
    expect(marked('code')).toEqual(['code']);
    expect(linksOf(doc)).toEqual([{ text: 'source', href: 'https://example.com/a' }]);
    expect(para.textContent).toContain('and a trap.');
    expect(body(doc)[5].textContent).toBe('Inline chart html.');
    expectSanitized(doc);
  });

  it('is detected without a format and by extension', () => {
    expect(resolveFormat({ text: markdown })).toBe('markdown');
    expect(resolveFormat({ text: '<p>x</p>', fileName: 'notes.MD' })).toBe('markdown');
    expect(resolveFormat({ text: markdown, format: 'text' })).toBe('text');
    expect(resolveFormat({ text: markdown, format: 'text', fileName: 'a.html' })).toBe('html');
  });
});

describe('importArticle: hostile HTML', () => {
  const hostile = `<!DOCTYPE html>
<html><head>
  <title>Page title | Site</title>
  <style>p { color: red }</style>
  <script>alert(1)</script>
  <meta http-equiv="refresh" content="0;url=javascript:alert(1)">
</head>
<body onload="alert(1)">
  <nav><a href="/">Home</a> <a href="/news">News</a></nav>
  <p class="kicker">Politics</p>
  <h1 id="t" onclick="alert(1)">The   real <em>headline</em></h1>
  <p style="color:red" onmouseover="alert(1)">First &amp; <b>bold</b> <a href="https://ok.example/x" title="T" target="_blank" onclick="alert(1)">link</a>.</p>
  <!-- a comment with alert(1) -->
  <p>Image: <img src="x.png" onerror="alert(1)" alt="  a chart  ">, none: <img src="y.png" onerror="alert(1)">.</p>
  <p><a href="javascript:alert(1)">js</a> <a href="  JAVASCRIPT:alert(1)">js2</a> <a href="data:text/html,<script>alert(1)</script>">data</a> <a href="java&#x09;script:alert(1)">tab</a> <a href="/relative">rel</a></p>
  <iframe src="https://evil.example"><p>alert(1) in iframe</p></iframe>
  <form action="/x"><input value="alert(1)"><button>alert(1)</button><textarea>alert(1)</textarea></form>
  <div hidden>alert(1) hidden</div>
  <div aria-hidden="true">alert(1) aria</div>
  <span style="DISPLAY : None !important">alert(1) display</span>
  <p style="visibility:hidden">alert(1) visibility</p>
  <svg><script>alert(1)</script><text>alert(1) svg</text></svg>
  <math><mi>alert(1) math</mi></math>
  <noscript>alert(1) noscript</noscript>
  <template><p>alert(1) template</p></template>
  <object data="x.swf">alert(1) object</object>
  <table>
    <caption>Results</caption>
    <tr><th>Name</th><th>Votes</th></tr>
    <tr><td>Ann</td><td><table><tr><td>12</td><td onclick="alert(1)">34</td></tr></table></td></tr>
  </table>
  <ol start="5" type="a" reversed><li>five</li><li><p>six</p><p>more</p></li></ol>
  <ul><li><ul><li>nested first</li></ul></li></ul>
  <blockquote cite="x"><p>Quoted</p></blockquote>
  <pre>line 1
  line 2</pre>
  <h3>Sub <span>heading</span></h3>
  <h1>Second h1</h1>
</body></html>`;

  it('keeps the article text and drops everything else', () => {
    const { title, doc } = importArticle({ text: hostile, format: 'auto' });
    expect(title).toBe('Page title | Site');
    expectSanitized(doc);
    const text = plainTextOf(doc);
    for (const junk of [
      'Home',
      'News',
      'color: red',
      'hidden',
      'aria',
      'display',
      'visibility',
      'svg',
      'math',
      'noscript',
      'template',
      'object',
      'comment',
    ]) {
      expect(text).not.toContain(junk);
    }
    expect(texts(doc)).toEqual([
      'Politics',
      'The real headline',
      'First & bold link.',
      'Image: a chart, none: .',
      'js js2 data tab rel',
      'Results',
      'Name | Votes',
      'Ann | 12 | 34',
      'fivesixmore',
      'nested first',
      'Quoted',
      'line 1\n  line 2',
      'Sub heading',
      'Second h1',
    ]);
    expect(linksOf(doc)).toEqual([{ text: 'link', href: 'https://ok.example/x' }]);
    const blocks = body(doc);
    expect(blocks[1].type.name).toBe('heading');
    expect(blocks[1].attrs.level).toBe(2);
    const ordered = blocks[8];
    expect(ordered.type.name).toBe('ordered_list');
    expect(ordered.attrs).toEqual({ order: 5 });
    expect(ordered.child(1).childCount).toBe(2);
    const nested = blocks[9].firstChild!;
    expect(nested.child(0).content.size).toBe(0);
    expect(nested.child(1).type.name).toBe('bullet_list');
    expect(blocks[11].firstChild!.marks.map((m) => m.type.name)).toEqual(['code']);
    expect(blocks[12].attrs.level).toBe(3);
  });

  it('takes a lone h1 as the title even after a kicker', () => {
    const { title, doc } = importArticle({ text: '<p>Politics</p><h1>The headline</h1><p>Body</p>' });
    expect(title).toBe('The headline');
    expect(texts(doc)).toEqual(['Politics', 'Body']);
  });

  it('drops an h1 that repeats the given title and keeps one that does not', () => {
    const html = '<h1>The headline</h1><p>Body</p>';
    expect(texts(importArticle({ text: html, title: 'The headline' }).doc)).toEqual(['Body']);
    const other = importArticle({ text: html, title: 'Another' });
    expect(texts(other.doc)).toEqual(['The headline', 'Body']);
    expect(types(other.doc)).toEqual(['heading', 'paragraph']);
  });

  it('falls back to the first line of text for the title', () => {
    const { title, doc } = importArticle({ text: '<div>First line<br>second line</div><p>Body</p>', format: 'html' });
    expect(title).toBe('First line');
    expect(texts(doc)).toEqual(['second line', 'Body']);
  });

  it('collapses whitespace like a browser and splits paragraphs at double breaks', () => {
    const { doc } = importArticle({
      text: '<p>Title</p><p>  a \n\t <i> b </i>  c&nbsp;d <br>  e <br><br> f </p><p> </p><p><br></p>',
      format: 'html',
    });
    expect(texts(doc)).toEqual(['a b c\u00a0d\ne', 'f']);
  });

  it('refuses HTML with nothing readable', () => {
    const attempt = () => importArticle({ text: '<script>alert(1)</script><style>p{}</style><div hidden>x</div>' });
    expect(attempt).toThrow(ImportError);
    expect(attempt).toThrow('No readable text was found in the HTML');
  });

  it('refuses nesting deeper than 200 levels before parsing, with words for the user', () => {
    const attempt = () => importArticle({ text: `<p>Title</p>${'<div><b>'.repeat(5000)}deep text`, format: 'html' });
    expect(attempt).toThrow(ImportError);
    expect(attempt).toThrow('This page is nested too deeply to import (more than 200 levels)');
  });

  it('reads HTML nested just under the limit', () => {
    const { doc } = importArticle({ text: `<p>Title</p>${'<div>'.repeat(199)}deep text`, format: 'html' });
    expect(texts(doc)).toEqual(['deep text']);
  });

  it('refuses, in the parser itself, nesting deep enough to overflow a recursive walk', () => {
    const attempt = () => htmlToBlocks(`<p>Title</p>${'<div><b>'.repeat(5000)}deep<script>alert(1)</script> text`);
    expect(attempt).toThrow(TooDeepError);
  });

  it('reads nesting at the limit and refuses one level more, whatever the parser adds around the page', () => {
    const nested = (levels: number) => `<p>Title</p>${'<div>'.repeat(levels)}deep text`;
    expect(texts(importArticle({ text: nested(200), format: 'html' }).doc)).toEqual(['deep text']);
    expect(() => importArticle({ text: nested(201), format: 'html' })).toThrow(
      'This page is nested too deeply to import (more than 200 levels)',
    );
  });

  it('does not read elements named after object properties as marks', () => {
    const { doc } = importArticle({ text: '<p>Title</p><p><constructor>a</constructor><toString>b</toString></p>', format: 'html' });
    expect(texts(doc)).toEqual(['ab']);
  });
});

describe('resolveFormat', () => {
  it('keeps a plain article with a numbered line or a footnote asterisk as text', () => {
    const article = [
      'Officials deny the report',
      '',
      'The ministry said on Monday that:',
      '1. no data was handed over.',
      '',
      '* Names have been changed.',
      '',
      'Prices rose 3 < 4 percent, a > b, and so on.',
    ].join('\n');
    expect(resolveFormat({ text: article })).toBe('text');
    expect(resolveFormat({ text: 'A sentence with 5 * 3 = 15 and 1. at the start\n1. item' })).toBe('text');
  });

  it('detects Markdown from one strong signal or two weak ones', () => {
    expect(resolveFormat({ text: 'Intro\n\n## A heading\n\nText' })).toBe('markdown');
    expect(resolveFormat({ text: 'See [the report](https://example.com).' })).toBe('markdown');
    expect(resolveFormat({ text: 'Points:\n\n- one\n- two\n\nThis is **important**.' })).toBe('markdown');
  });

  it('detects HTML documents and fragments', () => {
    expect(resolveFormat({ text: '<!doctype html><title>x</title>' })).toBe('html');
    expect(resolveFormat({ text: '\uFEFF<!-- saved --><HTML><body>x</body></HTML>' })).toBe('html');
    expect(resolveFormat({ text: '<p>Hello <a href="https://x.org">x</a></p>' })).toBe('html');
    expect(resolveFormat({ text: 'Text then <div>a</div> and <br> more' })).toBe('html');
    expect(resolveFormat({ text: 'if a < b and c > d then <stop>' })).toBe('text');
  });

  it('lets the file extension win over the chosen format', () => {
    expect(resolveFormat({ text: '# x', format: 'markdown', fileName: 'article.TXT' })).toBe('text');
    expect(resolveFormat({ text: 'x', format: 'html' })).toBe('html');
    expect(resolveFormat({ text: 'x', format: 'auto', fileName: 'article' })).toBe('text');
  });
});
