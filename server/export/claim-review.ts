// schema.org ClaimReview for each final note, so search engines and fact-check
// aggregators can read the verdicts. Only facts we hold are stated: optional
// properties are left out rather than guessed.
// https://schema.org/ClaimReview, https://developers.google.com/search/docs/appearance/structured-data/factcheck
import { isHttpUrl } from '../domain/annotation.types';
import { isoDayOf, strictIsoDay } from './dates';
import type { ExportAnnotation, ExportArticle, ExportOrganisation, ExportVerdict } from './model';

/** Whether a name from the byline (or "Claim made by", when it is the byline) is a person or an organisation. */
export type AuthorType = 'Person' | 'Organization';

export interface CreativeWork {
  '@type': 'CreativeWork';
  url: string;
  datePublished?: string;
}

export interface ClaimReview {
  '@context': 'https://schema.org';
  '@type': 'ClaimReview';
  url: string;
  claimReviewed: string;
  datePublished?: string;
  /** Set once the check has been corrected or updated after it was first published. */
  dateModified?: string;
  author?: {
    '@type': 'Organization';
    name: string;
    url?: string;
    logo?: { '@type': 'ImageObject'; url: string };
  };
  reviewRating: {
    '@type': 'Rating';
    alternateName: string;
    ratingValue?: number;
    bestRating?: number;
    worstRating?: number;
  };
  itemReviewed: {
    '@type': 'Claim';
    // We only hold a name, not whether it is a person or a body; claims are
    // mostly made by people, and schema.org accepts a Person with just a name.
    author?: { '@type': AuthorType; name: string; url?: string };
    /** When the claim was made. */
    datePublished?: string;
    appearance?: CreativeWork;
    firstAppearance?: CreativeWork;
  };
}

/** The lowest and highest rating on the scale; null when no verdict has one. */
export interface RatingBounds {
  worst: number;
  best: number;
}

export function ratingBounds(scale: readonly ExportVerdict[]): RatingBounds | null {
  const ratings = scale.map((v) => v.rating).filter(isRating);
  return ratings.length ? { worst: Math.min(...ratings), best: Math.max(...ratings) } : null;
}

export interface ClaimReviewContext {
  organisation: ExportOrganisation;
  bounds: RatingBounds | null;
  reviewUrlBase: string;
  /** The checked article: its byline or outlet, address and date stand in for the claim's when the note has none. */
  article?: ExportArticle;
  /** What the byline names; an outlet (the source's host) is always an organisation. */
  bylineType?: AuthorType;
  /** The check's first publication (YYYY-MM-DD), and its latest correction when there was one. */
  datePublished?: string | null;
  dateModified?: string | null;
}

/** Google shows claims of about this length; a longer summary is cut at a word. */
export const MAX_CLAIM_REVIEWED = 200;

/** `text` within `max` characters, cut at the last word boundary with an ellipsis. */
export function cutAtWord(text: string, max = MAX_CLAIM_REVIEWED): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max).join('');
  const space = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\n'));
  const cut = space > max / 2 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;:.–—-]+$/u, '')}…`;
}

/** The outlet's name as far as we know it: the source address's host, without "www.". */
export function outletOf(sourceUrl: string | null | undefined): string | null {
  if (!sourceUrl || !isHttpUrl(sourceUrl)) return null;
  return new URL(sourceUrl).hostname.replace(/^www\./, '') || null;
}

/** The recommended ClaimReview fields a note lacks even with the article's facts: `author`, `appearance`, `datePublished`. */
export function missingRecommended(
  a: Pick<ExportAnnotation, 'claimAuthor' | 'claimAppearanceUrl' | 'claimAppearanceDate'>,
  article: ExportArticle,
): string[] {
  const missing: string[] = [];
  if (!a.claimAuthor?.trim() && !article.byline?.trim() && !outletOf(article.sourceUrl)) missing.push('who made the claim');
  if (!(a.claimAppearanceUrl && isHttpUrl(a.claimAppearanceUrl)) && !(article.sourceUrl && isHttpUrl(article.sourceUrl)))
    missing.push('where it appeared');
  if (!strictIsoDay(a.claimAppearanceDate) && !claimDay(article.publishedAt)) missing.push('when it was made');
  return missing;
}

function claimDay(value: string | null | undefined): string | null {
  if (!value) return null;
  return strictIsoDay(value) ?? isoDayOf(value);
}

export function buildClaimReview(
  n: number,
  claimSummary: string,
  annotation: ExportAnnotation,
  { organisation, bounds, reviewUrlBase, article, bylineType, datePublished: published, dateModified }: ClaimReviewContext,
): ClaimReview {
  const review: ClaimReview = {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: noteUrl(reviewUrlBase, n),
    claimReviewed: cutAtWord(claimSummary),
    reviewRating: rating(annotation.verdict, bounds),
    itemReviewed: claim(annotation, article, bylineType ?? 'Person'),
  };
  const datePublished = published ?? isoDayOf(annotation.updatedAt);
  if (datePublished) review.datePublished = datePublished;
  // A corrected version says so even on the day it was first published.
  if (dateModified) review.dateModified = dateModified;
  const name = organisation.name.trim();
  if (name) {
    review.author = { '@type': 'Organization', name };
    if (organisation.url && isHttpUrl(organisation.url)) review.author.url = new URL(organisation.url).href;
    // Named here for consumers of the data; the page itself never loads it.
    if (organisation.logoUrl && isHttpUrl(organisation.logoUrl))
      review.author.logo = { '@type': 'ImageObject', url: new URL(organisation.logoUrl).href };
  }
  return review;
}

/** The note's anchor on the page the review is published at; any fragment of the base is replaced. */
export function noteUrl(base: string, n: number): string {
  const hash = base.indexOf('#');
  return `${hash < 0 ? base : base.slice(0, hash)}#note-${n}`;
}

function rating(verdict: ExportVerdict, bounds: RatingBounds | null): ClaimReview['reviewRating'] {
  const result: ClaimReview['reviewRating'] = { '@type': 'Rating', alternateName: verdict.label };
  if (isRating(verdict.rating)) {
    // Higher is better, as schema.org's bestRating assumes; the verdict's own
    // rating widens the bounds if it is off the scale, so the value is always inside them.
    result.ratingValue = verdict.rating;
    result.bestRating = Math.max(bounds?.best ?? verdict.rating, verdict.rating);
    result.worstRating = Math.min(bounds?.worst ?? verdict.rating, verdict.rating);
  }
  return result;
}

/**
 * The claim, from the note's own facts first and the article's after them:
 * its author is "Claim made by", else the byline, else the outlet; it appeared
 * at the note's address, else the article's; it was made on the note's date,
 * else the article's publication date.
 */
function claim(a: ExportAnnotation, article: ExportArticle | undefined, bylineType: AuthorType): ClaimReview['itemReviewed'] {
  const item: ClaimReview['itemReviewed'] = { '@type': 'Claim' };
  const byline = article?.byline?.trim().replace(/^by\s+/i, '') || null;
  const author = a.claimAuthor?.trim();
  if (author) item.author = { '@type': author === byline ? bylineType : 'Person', name: author };
  else if (byline) item.author = { '@type': bylineType, name: byline };
  else {
    const outlet = outletOf(article?.sourceUrl);
    if (outlet) item.author = { '@type': 'Organization', name: outlet, url: new URL(article!.sourceUrl!).origin };
  }
  const noteDate = strictIsoDay(a.claimAppearanceDate);
  const articleDate = claimDay(article?.publishedAt);
  const date = noteDate ?? articleDate;
  if (date) item.datePublished = date;
  // A place the claim appeared is only useful with its address; a date alone is kept in the note.
  if (a.claimAppearanceUrl && isHttpUrl(a.claimAppearanceUrl)) {
    const work: CreativeWork = { '@type': 'CreativeWork', url: new URL(a.claimAppearanceUrl).href };
    if (noteDate) work.datePublished = noteDate;
    // The only appearance we record is the first one, so it is both.
    item.appearance = work;
    item.firstAppearance = { ...work };
  } else if (article?.sourceUrl && isHttpUrl(article.sourceUrl)) {
    const work: CreativeWork = { '@type': 'CreativeWork', url: new URL(article.sourceUrl).href };
    if (articleDate) work.datePublished = articleDate;
    item.appearance = work;
  }
  return item;
}

function isRating(value: number | null): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
