// The published fact-check as data: which notes are published and their
// numbers, claim summaries, the verdict summary, the reviewers, the date of the
// check and the ClaimReviews. The HTML page and the JSON export are both built
// from this one model, so they cannot disagree about what was published.
import type { AnnotationStatus } from '../domain/workflow';
import type { Node as PMNode } from 'prosemirror-model';
import { textBetween } from '../domain/plain-text';
import { compareRanges } from '../domain/segments';
import { buildClaimReview, ratingBounds, type AuthorType, type ClaimReview } from './claim-review';
import { parseDate } from './dates';
import { hexColour } from './style';
import { defaultClaimSummary } from '../domain/claim-summary';
import { MAX_CLAIM_SUMMARY_LENGTH } from '../domain/limits';

export interface ExportVerdict {
  key: string;
  label: string;
  colour: string;
  icon: string;
  /** Numeric rating for ClaimReview, higher is better; null when the verdict has none. */
  rating: number | null;
  position: number;
}
export interface ExportEvidence {
  url: string;
  title: string;
  excerpt: string | null;
}
export interface ExportAnnotation {
  id: string;
  from: number;
  to: number;
  exact: string;
  verdict: ExportVerdict;
  rationale: string;
  authorName: string;
  /** The reviewer who changed it last, when not its author; optional for callers that do not track it. */
  editedBy?: string | null;
  createdAt: string;
  updatedAt: string;
  evidence: ExportEvidence[];
  status: AnnotationStatus;
  /** May be '': the quote stands in for it (see defaultClaimSummary). */
  claimSummary: string;
  /** Who made the claim, a person or an organisation. */
  claimAuthor: string | null;
  /** Where the claim first appeared, and when (YYYY-MM-DD). */
  claimAppearanceUrl: string | null;
  claimAppearanceDate: string | null;
}
export interface ExportOrganisation {
  name: string;
  url: string | null;
  logoUrl: string | null;
}
export interface ExportArticle {
  title: string;
  sourceUrl: string | null;
  byline: string | null;
  publishedAt: string | null;
}

export interface ExportInput {
  article: ExportArticle;
  doc: PMNode;
  annotations: ExportAnnotation[];
  /** The whole verdict scale, in order. */
  verdicts: ExportVerdict[];
  organisation: ExportOrganisation;
  exportedAt: Date;
  includeDrafts: boolean;
  /** Absolute URL that ClaimReview `url`s are built on: `${reviewUrlBase}#note-N`. The caller chooses the export's own URL or the article's source URL. */
  reviewUrlBase: string;
  /** What a name from the byline is (default Person). */
  bylineType?: AuthorType;
  /** For a published version: the check's first publication and this version's date (YYYY-MM-DD), instead of each note's last update. */
  reviewDates?: { published: string; modified: string | null };
}

export interface ExportNote {
  /** 1-based, in document order. */
  n: number;
  annotation: ExportAnnotation;
  draft: boolean;
  /** The checker's summary, or one made from the quote. */
  claimSummary: string;
  /** End of the last inline content the note highlights; null when its text is not in this version. */
  end: number | null;
  /** Null for drafts: an unfinished check is never published as a review. */
  claimReview: ClaimReview | null;
}

export interface VerdictCount {
  verdict: ExportVerdict;
  /** Highlighted notes with this verdict, drafts included when they are published. */
  count: number;
  drafts: number;
}

export interface ExportModel {
  article: ExportArticle;
  doc: PMNode;
  organisation: ExportOrganisation;
  exportedAt: Date;
  /** When the check was last worked on: the latest update of a published note, else the export time. */
  checkedAt: Date;
  includeDrafts: boolean;
  notes: ExportNote[];
  /**
   * Verdicts of the highlighted notes, in scale order (verdicts missing from the
   * scale last), zero counts left out. Notes whose text is not in this version
   * have no highlight, so they are counted in `unlocated` instead: every count
   * here is a number of highlights a reader can find on the page.
   */
  summary: VerdictCount[];
  unlocated: number;
  /** Distinct reviewer names of published notes, in note order. */
  reviewers: string[];
  claimReviews: ClaimReview[];
}

export function buildExportModel(input: ExportInput): ExportModel {
  const { doc, organisation, reviewUrlBase, article, bylineType } = input;
  const dates = { datePublished: input.reviewDates?.published ?? null, dateModified: input.reviewDates?.modified ?? null };
  const bounds = ratingBounds(input.verdicts);
  const notes = input.annotations
    .filter((a) => a.status === 'approved' || input.includeDrafts)
    .sort(compareRanges)
    .map((annotation, i): ExportNote => {
      const n = i + 1;
      // Anything not approved is unfinished, whatever else the data says: no ClaimReview for it.
      const draft = annotation.status !== 'approved';
      const claimSummary = annotation.claimSummary.trim() || defaultClaimSummary(annotation.exact);
      return {
        n,
        annotation,
        draft,
        claimSummary,
        end: highlightEnd(doc, annotation),
        claimReview: draft
          ? null
          : buildClaimReview(n, claimSummary, annotation, { organisation, bounds, reviewUrlBase, article, bylineType, ...dates }),
      };
    });
  return {
    article: input.article,
    doc,
    organisation,
    exportedAt: input.exportedAt,
    checkedAt: latestUpdate(notes) ?? input.exportedAt,
    includeDrafts: input.includeDrafts,
    notes,
    summary: summarise(notes, input.verdicts),
    unlocated: notes.filter((note) => note.end === null).length,
    reviewers: [
      ...new Set(
        notes.flatMap((note) => [note.annotation.authorName, note.annotation.editedBy ?? ''].map((n) => n.trim())).filter(Boolean),
      ),
    ],
    claimReviews: notes.flatMap((note) => (note.claimReview ? [note.claimReview] : [])),
  };
}

// The default summary is shared with the annotation form, which shows it as a placeholder.
export { defaultClaimSummary };
export const CLAIM_SUMMARY_MAX = MAX_CLAIM_SUMMARY_LENGTH;

function highlightEnd(doc: PMNode, { from, to, exact }: ExportAnnotation): number | null {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > doc.content.size || from >= to) return null;
  // Stale positions would highlight the wrong words, which is worse than none:
  // the note is still listed, flagged as not found.
  if (textBetween(doc, from, to) !== exact) return null;
  let end: number | null = null;
  doc.nodesBetween(from, to, (node, pos) => {
    if (node.isInline) end = Math.min(pos + node.nodeSize, to);
  });
  return end;
}

function latestUpdate(notes: readonly ExportNote[]): Date | null {
  let latest: Date | null = null;
  for (const note of notes) {
    const date = parseDate(note.annotation.updatedAt);
    if (date && (!latest || date > latest)) latest = date;
  }
  return latest;
}

function summarise(notes: readonly ExportNote[], scale: readonly ExportVerdict[]): VerdictCount[] {
  const counts = new Map<string, VerdictCount>(scale.map((verdict) => [verdict.key, { verdict, count: 0, drafts: 0 }]));
  for (const note of notes) {
    if (note.end === null) continue;
    const { verdict } = note.annotation;
    let entry = counts.get(verdict.key);
    if (!entry) {
      entry = { verdict, count: 0, drafts: 0 };
      counts.set(verdict.key, entry);
    }
    entry.count++;
    if (note.draft) entry.drafts++;
  }
  return [...counts.values()].filter((entry) => entry.count > 0);
}

// --- JSON for /articles/[id]/export.json ---

export interface ExportJsonVerdict {
  key: string;
  label: string;
  colour: string;
  icon: string;
  rating: number | null;
  position: number;
}

export interface ExportJsonNote {
  number: number;
  /** `#note-N` on the HTML export. */
  anchor: string;
  id: string;
  status: AnnotationStatus;
  from: number;
  to: number;
  exact: string;
  /** False when the quoted text is not in this version of the article. */
  located: boolean;
  verdict: ExportJsonVerdict;
  claimSummary: string;
  claimAuthor: string | null;
  claimAppearanceUrl: string | null;
  claimAppearanceDate: string | null;
  rationale: string;
  evidence: ExportEvidence[];
  authorName: string;
  editedBy: string | null;
  createdAt: string;
  updatedAt: string;
  claimReview: ClaimReview | null;
}

export interface ExportJson {
  version: 1;
  article: ExportArticle;
  organisation: ExportOrganisation;
  exportedAt: string;
  checkedAt: string;
  includeDrafts: boolean;
  reviewers: string[];
  summary: { verdict: ExportJsonVerdict; count: number; drafts: number }[];
  unlocated: number;
  notes: ExportJsonNote[];
}

/** The model as plain JSON-serialisable data; values are as stored, except colours, which are checked `#rrggbb`. */
export function exportModelToJson(model: ExportModel): ExportJson {
  return {
    version: 1,
    article: { ...model.article },
    organisation: { ...model.organisation },
    exportedAt: model.exportedAt.toISOString(),
    checkedAt: model.checkedAt.toISOString(),
    includeDrafts: model.includeDrafts,
    reviewers: [...model.reviewers],
    summary: model.summary.map(({ verdict, count, drafts }) => ({ verdict: verdictJson(verdict), count, drafts })),
    unlocated: model.unlocated,
    notes: model.notes.map(noteJson),
  };
}

function noteJson({ n, annotation: a, draft, claimSummary, end, claimReview }: ExportNote): ExportJsonNote {
  return {
    number: n,
    anchor: `#note-${n}`,
    id: a.id,
    status: a.status,
    from: a.from,
    to: a.to,
    exact: a.exact,
    located: end !== null,
    verdict: verdictJson(a.verdict),
    claimSummary,
    claimAuthor: a.claimAuthor,
    claimAppearanceUrl: a.claimAppearanceUrl,
    claimAppearanceDate: a.claimAppearanceDate,
    rationale: a.rationale,
    evidence: a.evidence.map((e) => ({ url: e.url, title: e.title, excerpt: e.excerpt })),
    authorName: a.authorName,
    editedBy: a.editedBy ?? null,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    claimReview,
  };
}

function verdictJson(v: ExportVerdict): ExportJsonVerdict {
  return { key: v.key, label: v.label, colour: hexColour(v.colour), icon: v.icon, rating: v.rating, position: v.position };
}
