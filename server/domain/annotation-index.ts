// The compact highlight index: what the editor page needs to draw and list
// every annotation of a long article (positions, verdict, status, who may
// change it), without rationales, evidence or quotes. Rows travel as tuples
// with repeated strings (verdict keys, people) sent once, so 5,000 annotations
// stay well under 250 KB gzip. Details (AnnotationView) load for what is on
// screen or opened. Shared by the server, which encodes, and the browser.
import type { AnnotationView } from './annotation';
import { ANCHOR_STATUSES, ANNOTATION_STATUSES, type AnchorStatus, type AnnotationStatus } from './enums';

export { ANCHOR_STATUSES, type AnchorStatus } from './enums';

/** One annotation as the index knows it. */
export interface AnnotationSummary {
  id: string;
  from: number;
  to: number;
  verdict: string;
  status: AnnotationStatus;
  anchorStatus: AnchorStatus;
  anchorScore: number | null;
  version: number;
  authorId: string | null;
  author: string;
  updatedBy: string | null;
  evidenceCount: number;
  /** Orphans only: they are not on the text, so their quote cannot be read from the document. */
  exact: string | null;
}

/**
 * [id, from, to, verdict#, status#, anchorStatus#, anchorScore, version,
 *  authorId# (-1: none), author#, updatedBy# (-1: none), evidenceCount, exact (orphans) or null]
 * where # is an index into `strings` (statuses into their fixed lists).
 */
export type IndexRow = [
  string,
  number,
  number,
  number,
  number,
  number,
  number | null,
  number,
  number,
  number,
  number,
  number,
  string | null,
];

export interface AnnotationIndex {
  /** The article's change sequence when this index was read: ask for changes after it. */
  cursor: number;
  strings: string[];
  rows: IndexRow[];
}

/**
 * What changed after a cursor: full versions of changed annotations and the
 * ids of removed ones, on the article's current revision. When the asker shows
 * an older revision, both lists are empty: its positions would not fit the
 * text shown, and the page reloads the new text instead.
 */
export interface AnnotationChanges {
  cursor: number;
  revision: number;
  changed: AnnotationView[];
  removed: string[];
}

export function summaryOf(view: AnnotationView): AnnotationSummary {
  return {
    id: view.id,
    from: view.from,
    to: view.to,
    verdict: view.verdict,
    status: view.status,
    anchorStatus: view.anchorStatus,
    anchorScore: view.anchorScore,
    version: view.version,
    authorId: view.authorId,
    author: view.author,
    updatedBy: view.updatedBy,
    evidenceCount: view.evidence.length,
    exact: view.anchorStatus === 'orphaned' ? view.exact : null,
  };
}

export function encodeIndex(cursor: number, summaries: Iterable<AnnotationSummary>): AnnotationIndex {
  const strings: string[] = [];
  const positions = new Map<string, number>();
  const ref = (s: string) => {
    let at = positions.get(s);
    if (at === undefined) {
      at = strings.push(s) - 1;
      positions.set(s, at);
    }
    return at;
  };
  const rows: IndexRow[] = [];
  for (const s of summaries) {
    rows.push([
      s.id,
      s.from,
      s.to,
      ref(s.verdict),
      ANNOTATION_STATUSES.indexOf(s.status),
      ANCHOR_STATUSES.indexOf(s.anchorStatus),
      s.anchorScore === null ? null : Math.round(s.anchorScore * 1000) / 1000,
      s.version,
      s.authorId === null ? -1 : ref(s.authorId),
      ref(s.author),
      s.updatedBy === null ? -1 : ref(s.updatedBy),
      s.evidenceCount,
      s.anchorStatus === 'orphaned' ? s.exact : null,
    ]);
  }
  return { cursor, strings, rows };
}

export function decodeIndex(index: AnnotationIndex): AnnotationSummary[] {
  const { strings } = index;
  const at = (i: number) => {
    const s = strings[i];
    if (s === undefined) throw new Error(`Annotation index refers to string ${i}, which it does not hold`);
    return s;
  };
  return index.rows.map(
    ([id, from, to, verdict, status, anchorStatus, anchorScore, version, authorId, author, updatedBy, evidenceCount, exact]) => ({
      id,
      from,
      to,
      verdict: at(verdict),
      status: ANNOTATION_STATUSES[status] ?? 'draft',
      anchorStatus: ANCHOR_STATUSES[anchorStatus] ?? 'orphaned',
      anchorScore,
      version,
      authorId: authorId === -1 ? null : at(authorId),
      author: at(author),
      updatedBy: updatedBy === -1 ? null : at(updatedBy),
      evidenceCount,
      exact,
    }),
  );
}
