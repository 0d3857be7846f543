// A published version as data: everything its public page is rendered from,
// frozen when an editor presses "Publish". Later edits of the article, its
// annotations or the settings never change what a version says.
import type { AuthorType } from './claim-review';
import type { ExportAnnotation, ExportArticle, ExportOrganisation, ExportVerdict } from './model';

export type PublicDisplay = 'full' | 'excerpts';

export interface PublishedFraming {
  /** The headline as published ("Fact-check: …"). */
  headline: string;
  conclusion: string;
  display: PublicDisplay;
  bylineType: AuthorType;
  /** The desk's own page for the check ("Published at"), when it hosts it elsewhere. */
  externalUrl: string | null;
}

export interface PublishedSnapshot {
  format: 1;
  article: ExportArticle;
  /** ProseMirror JSON of the text as published. */
  doc: unknown;
  plainText: string;
  /** The approved annotations, and only those. */
  annotations: ExportAnnotation[];
  verdicts: ExportVerdict[];
  organisation: ExportOrganisation;
  framing: PublishedFraming;
  /** ISO timestamp of this version. */
  publishedAt: string;
  publishedBy: string;
}

/** The default headline: the desk's check of the article, never the article's own words alone. */
export function defaultHeadline(title: string): string {
  const t = title.trim() || 'Untitled article';
  return /^fact-check:/i.test(t) ? t : `Fact-check: ${t}`;
}
