// The annotation as the client and the export see it.
import type { AnchorStatus, AnnotationStatus } from './enums';

export interface EvidenceView {
  url: string;
  title: string;
  excerpt: string | null;
}

export interface AnnotationView {
  id: string;
  articleId: number;
  from: number;
  to: number;
  exact: string;
  prefix: string;
  suffix: string;
  verdict: string;
  rationale: string;
  author: string;
  /** The signed-in person who made it; null for annotations made before accounts existed. */
  authorId: string | null;
  /** The reviewer who saved the latest change, if not the author. */
  updatedBy: string | null;
  status: AnnotationStatus;
  /** The quote before a re-anchoring moved it or matched it fuzzily, until someone confirms the new place. */
  previousExact: string | null;
  /** The quote the verdict was given on, while a revision changed its words and "is the verdict still right?" is unanswered. */
  recheckQuote: string | null;
  discussionResolved: boolean;
  /** Empty means "use the quote" (see defaultClaimSummary). */
  claimSummary: string;
  claimAuthor: string | null;
  claimAppearanceUrl: string | null;
  claimAppearanceDate: string | null;
  /** How the annotation was found in the current revision; orphaned ones are not on the text. */
  anchorStatus: AnchorStatus;
  /** 0..1 for fuzzy and moved anchors, so a reviewer can judge them. */
  anchorScore: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  evidence: EvidenceView[];
  /** Labels brought in with an imported annotation (Hypothesis tags); absent means none. */
  tags?: string[];
  /** Imported without a verdict (`verdict` is then empty): it cannot be submitted until one is chosen. */
  needsVerdict?: boolean;
}

/** Document order: by start, then the longer (outer) annotation first. */
export function compareByPosition(a: Pick<AnnotationView, 'from' | 'to' | 'id'>, b: Pick<AnnotationView, 'from' | 'to' | 'id'>): number {
  return a.from - b.from || b.to - a.to || a.id.localeCompare(b.id);
}
