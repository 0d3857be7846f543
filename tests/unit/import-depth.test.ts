import { describe, expect, it } from 'vitest';
import { ImportError, importArticle } from '@/server/import';
import { MAX_HTML_DEPTH, MAX_MARKDOWN_DEPTH, htmlDepth, markdownDepth } from '@/server/import/depth';

describe('htmlDepth', () => {
  it('counts nested elements', () => {
    expect(htmlDepth('<div><section><b>x</b></section></div>')).toBe(3);
    expect(htmlDepth('<div>'.repeat(1000))).toBe(MAX_HTML_DEPTH + 1); // stops counting past the limit
  });

  it('does not count void elements, self-closed elements or elements whose end tag is optional', () => {
    expect(htmlDepth(`<div>${'<br><img src=x><p>para<li>item'.repeat(1000)}<svg><path d="M0"/></svg></div>`)).toBe(2);
  });

  it('closes to the nearest open element of the same name and ignores stray end tags', () => {
    expect(htmlDepth(`${'<div><span></div>'.repeat(1000)}</em>`)).toBe(2);
  });

  it('skips comments, doctypes, raw text and quoted attribute values', () => {
    const hidden = '<div>'.repeat(500);
    expect(htmlDepth(`<!doctype html><!-- ${hidden} --><script>${hidden}</SCRIPT><a title="${hidden.replace(/</g, '>')}">x</a>`)).toBe(1);
    expect(htmlDepth(`<textarea>${hidden}</textarea><style>${hidden}</style>`)).toBe(0);
  });

  it('does not take comparisons, autolinks or e-mail addresses for tags', () => {
    expect(htmlDepth(`${'a < b, <https://example.org/x> <me@example.org> <3 '.repeat(500)}`)).toBe(0);
  });
});

describe('markdownDepth', () => {
  it('counts block quotes and list markers that open a line', () => {
    expect(markdownDepth('> > - 1. text')).toBe(4);
    expect(markdownDepth('plain\n\n> quote\n')).toBe(1);
    expect(markdownDepth('*a'.repeat(1000))).toBe(0);
  });

  it('counts indented list items as nested', () => {
    const nested = Array.from({ length: 150 }, (_, level) => `${'  '.repeat(level)}- item`).join('\n');
    expect(markdownDepth(nested)).toBeGreaterThan(MAX_MARKDOWN_DEPTH);
  });
});

describe('importArticle depth limits', () => {
  it('refuses 2,000 nested block quotes with words, not a stack overflow', () => {
    const attempt = () => importArticle({ text: `${'>'.repeat(2000)} deep`, format: 'markdown' });
    expect(attempt).toThrow(ImportError);
    expect(attempt).toThrow('This Markdown is nested too deeply to import (more than 100 levels of quotes or lists)');
  });

  it('reads Markdown quoted 100 levels deep', () => {
    const { doc } = importArticle({ text: `Title\n\n${'> '.repeat(100)}deep`, format: 'markdown' });
    expect(doc.textContent).toContain('deep');
  });

  it('refuses deeply nested raw HTML inside Markdown', () => {
    expect(() => importArticle({ text: `# Title\n\n${'<div>'.repeat(1000)}x`, format: 'markdown' })).toThrow('nested too deeply');
  });

  it('refuses a 1,000-deep HTML page', () => {
    expect(() => importArticle({ text: `<title>T</title>${'<div>'.repeat(1000)}x${'</div>'.repeat(1000)}` })).toThrow(
      'This page is nested too deeply to import (more than 200 levels)',
    );
  });
});
