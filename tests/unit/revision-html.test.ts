// The revision page's HTML, rendered in the worker pool by our own renderer
// instead of as React components on the request thread: it must be the markup
// React made (the expected strings below are React's renderToStaticMarkup of
// the component it replaced, for the same documents), escaped the same way,
// with unsafe links dropped to their text.
import { describe, expect, it } from 'vitest';
import { articleSchema as s } from '@/server/domain/article-schema';
import { importArticle } from '@/server/import';
import { revisionHtml } from '@/server/export/revision-html';

const html = (text: string, format: 'markdown' | 'html') => revisionHtml(importArticle({ text, format }).doc);

describe('revisionHtml', () => {
  it('renders every block and mark as React did, escaping text and attributes', () => {
    const markdown = [
      '# Title & "quotes" <x>',
      'It\'s <b>a</b> **bold _nested_ [link](https://ex.org/?a=1&b="2")** and [bad](javascript:alert(1)) `code <c>`',
      '3. three\n4. four',
      '- a\n- b  \nbreak',
      '> quote',
      '## H2',
      '###### H6',
    ].join('\n\n');
    expect(html(markdown, 'markdown')).toBe(
      '<h1 class="article-title">Title &amp; &quot;quotes&quot;</h1><p>It&#x27;s <strong>a</strong> <strong>bold </strong><em><strong>nested</strong></em><strong> </strong><a href="https://ex.org/?a=1&amp;b=%222%22" rel="noopener noreferrer nofollow"><strong>link</strong></a> and bad <code>code &lt;c&gt;</code></p><ol start="3"><li><p>three</p></li><li><p>four</p></li></ol><ul><li><p>a</p></li><li><p>b<br/>break</p></li></ul><blockquote><p>quote</p></blockquote><h2>H2</h2><h6>H6</h6>',
    );
  });

  it('keeps text that looks like markup as text, and quotes in a link as an attribute value', () => {
    const doc = s.node('doc', null, [
      s.node('title', null, [s.text('T')]),
      s.node('paragraph', null, [
        s.text('<script>alert(1)</script> and '),
        s.text('l', [s.mark('link', { href: 'https://e.org/?q="x"&y' })]),
        s.text('m', [s.mark('link', { href: 'https://e.org/?q="x"&y' }), s.mark('strong')]),
      ]),
    ]);
    expect(revisionHtml(doc)).toBe(
      '<h1 class="article-title">T</h1><p>&lt;script&gt;alert(1)&lt;/script&gt; and <a href="https://e.org/?q=&quot;x&quot;&amp;y" rel="noopener noreferrer nofollow">l</a><a href="https://e.org/?q=&quot;x&quot;&amp;y" rel="noopener noreferrer nofollow"><strong>m</strong></a></p>',
    );
  });
});
