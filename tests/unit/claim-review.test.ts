// ClaimReview fields from what is known: the note's own facts first, the article's after them.
import { describe, expect, it } from 'vitest';
import { buildClaimReview, cutAtWord, missingRecommended, outletOf } from '@/server/export/claim-review';
import type { ExportAnnotation, ExportArticle } from '@/server/export/model';

const VERDICT = { key: 'false', label: 'False', colour: '#b3261e', icon: '✘', rating: 1, position: 5 };
const note = (extra: Partial<ExportAnnotation> = {}): ExportAnnotation => ({
  id: 'a',
  from: 1,
  to: 5,
  exact: 'The river is clean',
  verdict: VERDICT,
  rationale: '',
  authorName: 'Ada',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  evidence: [],
  status: 'approved',
  claimSummary: '',
  claimAuthor: null,
  claimAppearanceUrl: null,
  claimAppearanceDate: null,
  ...extra,
});
const ARTICLE: ExportArticle = {
  title: 'River',
  sourceUrl: 'https://www.wsj.example/river?x=1',
  byline: 'By Jo Reporter',
  publishedAt: '2026-01-06',
};
const ORG = { name: 'River Desk', url: 'https://riverdesk.example', logoUrl: null };
const review = (a: ExportAnnotation, article: ExportArticle | undefined, extra = {}) =>
  buildClaimReview(1, 'The river is clean', a, {
    organisation: ORG,
    bounds: null,
    reviewUrlBase: 'https://d.example/p/river',
    article,
    ...extra,
  });

describe('ClaimReview itemReviewed', () => {
  it('names the byline as the author when nobody else is named, as the desk says it is (Person or Organization)', () => {
    expect(review(note(), ARTICLE).itemReviewed.author).toEqual({ '@type': 'Person', name: 'Jo Reporter' });
    expect(review(note(), { ...ARTICLE, byline: 'Reuters' }, { bylineType: 'Organization' }).itemReviewed.author).toEqual({
      '@type': 'Organization',
      name: 'Reuters',
    });
  });

  it('prefers "Claim made by", and falls back to the outlet as an organisation', () => {
    expect(review(note({ claimAuthor: 'Jane Minister' }), ARTICLE).itemReviewed.author).toEqual({
      '@type': 'Person',
      name: 'Jane Minister',
    });
    expect(review(note(), { ...ARTICLE, byline: null }).itemReviewed.author).toEqual({
      '@type': 'Organization',
      name: 'wsj.example',
      url: 'https://www.wsj.example',
    });
    expect(outletOf('javascript:alert(1)')).toBeNull();
  });

  it('takes appearance and the claim date from the article when the note has none', () => {
    const item = review(note(), ARTICLE).itemReviewed;
    expect(item.appearance).toEqual({ '@type': 'CreativeWork', url: 'https://www.wsj.example/river?x=1', datePublished: '2026-01-06' });
    expect(item.datePublished).toBe('2026-01-06');
    expect(item.firstAppearance).toBeUndefined();
  });

  it('states nothing it does not know', () => {
    expect(review(note(), { title: 'x', sourceUrl: null, byline: null, publishedAt: null }).itemReviewed).toEqual({ '@type': 'Claim' });
  });
});

describe('ClaimReview dates and url', () => {
  it('dates a published version by its first publication, and its correction as dateModified', () => {
    const r = review(note(), ARTICLE, { datePublished: '2026-02-01', dateModified: '2026-02-03' });
    expect(r.datePublished).toBe('2026-02-01');
    expect(r.dateModified).toBe('2026-02-03');
    expect(review(note(), ARTICLE, { datePublished: '2026-02-01' }).dateModified).toBeUndefined();
    expect(r.url).toBe('https://d.example/p/river#note-1');
  });
});

describe('claimReviewed', () => {
  it('is cut at a word boundary with an ellipsis, and kept exactly when short', () => {
    expect(cutAtWord('short claim')).toBe('short claim');
    const long = `${'word '.repeat(60)}end`;
    const cut = cutAtWord(long, 50);
    expect(cut.endsWith('word…')).toBe(true);
    expect([...cut].length).toBeLessThanOrEqual(51);
  });
});

describe('recommended fields', () => {
  it('lists what neither the note nor the article gives', () => {
    expect(missingRecommended(note(), ARTICLE)).toEqual([]);
    expect(missingRecommended(note(), { title: 'x', sourceUrl: null, byline: null, publishedAt: null })).toEqual([
      'who made the claim',
      'where it appeared',
      'when it was made',
    ]);
  });
});
