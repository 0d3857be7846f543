// schema.org ClaimReview for each final note, so search engines and fact-check
// aggregators can read the verdicts. Only facts we hold are stated: optional
// properties are left out rather than guessed.
// https://schema.org/ClaimReview, https://developers.google.com/search/docs/appearance/structured-data/factcheck
import { isHttpUrl } from '../domain/annotation.types';
import { isoDayOf, strictIsoDay } from './dates';
import type { ExportAnnotation, ExportOrganisation, ExportVerdict } from './model';

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
    author?: { '@type': 'Person'; name: string };
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
}

export function buildClaimReview(
  n: number,
  claimSummary: string,
  annotation: ExportAnnotation,
  { organisation, bounds, reviewUrlBase }: ClaimReviewContext,
): ClaimReview {
  const review: ClaimReview = {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: noteUrl(reviewUrlBase, n),
    claimReviewed: claimSummary,
    reviewRating: rating(annotation.verdict, bounds),
    itemReviewed: claim(annotation),
  };
  const datePublished = isoDayOf(annotation.updatedAt);
  if (datePublished) review.datePublished = datePublished;
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

function claim(a: ExportAnnotation): ClaimReview['itemReviewed'] {
  const item: ClaimReview['itemReviewed'] = { '@type': 'Claim' };
  const author = a.claimAuthor?.trim();
  if (author) item.author = { '@type': 'Person', name: author };
  // A place the claim appeared is only useful with its address; a date alone is kept in the note.
  if (a.claimAppearanceUrl && isHttpUrl(a.claimAppearanceUrl)) {
    const work: CreativeWork = { '@type': 'CreativeWork', url: new URL(a.claimAppearanceUrl).href };
    const date = strictIsoDay(a.claimAppearanceDate);
    if (date) work.datePublished = date;
    // The only appearance we record is the first one, so it is both.
    item.appearance = work;
    item.firstAppearance = { ...work };
  }
  return item;
}

function isRating(value: number | null): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
