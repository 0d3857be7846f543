// Writing annotations that came from elsewhere (a Web Annotation file, Word
// comments) into an article, once they have been read and placed: one shape,
// one set of rules, whichever door they came in by. The importer owns and
// authors them; another tool's creator and date are credited in the note.
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Node as PMNode } from 'prosemirror-model';
import type { Tx } from '@/db/client';
import { annotations, evidence } from '@/db/schema';
import { MAX_RATIONALE_LENGTH } from '../domain/limits';
import type { Reanchored } from '../domain/reanchor';
import type { Actor } from '../domain/roles';
import type { TextIndex } from '../domain/text-position';
import { resolveVerdict, type ImportedAnnotation, type VerdictResolution } from '../domain/web-annotation-import';
import type { Verdict } from '../domain/verdicts';
import type { AnnotationStatus } from '../domain/workflow';
import { invalidInput } from '../errors';
import { anchorColumns } from './anchor-columns';
import { recordEvent } from './events';
import type { AnchorCounts } from './revisions';
import { indexAnnotation } from './search-index';

export interface ResolvedImport {
  annotation: ImportedAnnotation;
  verdict: VerdictResolution;
  rationale: string;
}

function importedStatus(status: string | null): AnnotationStatus {
  if (status === 'approved' || status === 'final' || status === 'in_review') return 'in_review';
  return status === 'changes_requested' ? 'changes_requested' : 'draft';
}

/** "Imported from Hypothesis: alice, 2024-05-02": the original creator and date, kept with the note. */
function creditLine(a: ImportedAnnotation): string | null {
  if (!a.origin) return null;
  const date = a.created ?? a.modified;
  return `Imported from ${a.origin}: ${[a.author ?? 'an unnamed user', date?.slice(0, 10)].filter(Boolean).join(', ')}`;
}

/** The placeholder verdict the column holds for those that need one (shown as none). */
export function placeholderVerdict(verdicts: Verdict[]): string {
  const placeholder = verdicts[0]?.key;
  if (!placeholder) throw invalidInput('The verdict scale is empty: add verdicts in the settings before importing annotations.');
  return placeholder;
}

/**
 * Each annotation's verdict on this desk's scale and its note with the credit
 * line; `resolveVerdicts: false` leaves every one "Needs a verdict" (Word
 * comments: a remark, not a rating). What a person should know goes to `problems`.
 */
export function resolveImports(
  list: ImportedAnnotation[],
  verdicts: Verdict[],
  problems: string[],
  options: { resolveVerdicts?: boolean } = {},
): ResolvedImport[] {
  return list.map((a) => {
    const verdict: VerdictResolution = options.resolveVerdicts === false ? { key: null, note: null } : resolveVerdict(a, verdicts);
    if (verdict.key === null && verdict.note) problems.push(verdict.note);
    let rationale = a.rationale;
    const credit = creditLine(a);
    if (credit) {
      const joined = rationale.trim() ? `${rationale}\n\n${credit}` : credit;
      if (joined.length <= MAX_RATIONALE_LENGTH) rationale = joined;
      else problems.push(`The credit line "${credit}" was left out of a note already at the length limit.`);
    }
    return { annotation: a, verdict, rationale };
  });
}

export interface Placement {
  articleId: number;
  doc: PMNode;
  index: TextIndex;
  revision: number;
  placeholder: string;
}

/** Inserts them, placed as `results` say (one per annotation), with their history. Call inside the transaction. */
export async function insertImported(
  tx: Tx,
  importer: Actor,
  at: Placement,
  resolved: ResolvedImport[],
  results: Reanchored[],
): Promise<{ anchors: AnchorCounts; unplaced: string[] }> {
  const { articleId, doc, index, revision, placeholder } = at;
  const counts: AnchorCounts = { exact: 0, moved: 0, fuzzy: 0, orphaned: 0 };
  const unplaced: string[] = [];
  for (const [i, { annotation: a, verdict, rationale }] of resolved.entries()) {
    const result = results[i];
    counts[result.status]++;
    if (result.status === 'orphaned') unplaced.push(a.selectors.exact);
    const needsVerdict = verdict.key === null;
    // Without a verdict it is a draft whatever the file says: nobody reviews a claim with no rating.
    const status = needsVerdict ? 'draft' : importedStatus(a.status);
    const placed = result.status !== 'orphaned' && result.from !== null && result.to !== null;
    const id = randomUUID();
    const now = new Date().toISOString();
    const anchor = placed
      ? anchorColumns(doc, { from: result.from!, to: result.to! }, index)
      : // An orphan keeps the quote it came with, for a human to re-attach; its place is a placeholder.
        { anchorFrom: 0, anchorTo: 1, exact: a.selectors.exact, prefix: a.selectors.prefix, suffix: a.selectors.suffix };
    await tx
      .insert(annotations)
      .values({
        id,
        articleId,
        ...anchor,
        anchorStatus: result.status,
        anchorScore: result.status === 'fuzzy' || result.status === 'moved' ? result.score : null,
        anchorRevision: revision,
        verdictKey: verdict.key ?? placeholder,
        needsVerdict,
        tags: a.tags,
        rationale,
        // Our own files keep their named author; another tool's creator is credited in the note, and the importer is the author.
        // Either way the importer owns the annotation for editing.
        authorName: a.origin ? importer.name : (a.author ?? importer.name),
        authorId: importer.id,
        // Approval elsewhere is not approval here: an editor of this desk signs it off again.
        status,
        claimSummary: a.claimSummary ?? '',
        claimAuthor: a.claimAuthor,
        claimAppearanceUrl: a.claimAppearanceUrl,
        claimAppearanceDate: a.claimAppearanceDate,
        createdAt: a.created ?? now,
        updatedAt: a.modified ?? a.created ?? now,
      })
      .run();
    if (a.evidence.length) {
      await tx
        .insert(evidence)
        .values(a.evidence.map((e, position) => ({ annotationId: id, url: e.url, title: e.title, excerpt: e.excerpt, position })))
        .run();
    }
    await indexAnnotation(tx, id);
    await recordEvent(tx, {
      type: 'annotation.imported',
      actor: importer,
      articleId,
      annotationId: id,
      after: {
        exact: anchor.exact,
        verdict: verdict.key ?? '',
        ...(verdict.key === null ? { needsVerdict: true } : { verdictFrom: verdict.from }),
        tags: a.tags,
        ...(a.origin ? { origin: a.origin, originalCreator: a.author, originalCreated: a.created } : {}),
        rationale,
        evidence: a.evidence.map((e) => ({ url: e.url, title: e.title, excerpt: e.excerpt })),
        status,
        claimSummary: a.claimSummary ?? '',
        claimAuthor: a.claimAuthor,
        claimAppearanceUrl: a.claimAppearanceUrl,
        claimAppearanceDate: a.claimAppearanceDate,
        anchorStatus: result.status,
      },
    });
    if (!needsVerdict && (a.status === 'approved' || a.status === 'final')) {
      await recordEvent(tx, {
        type: 'annotation.status',
        actor: importer,
        articleId,
        annotationId: id,
        before: { status: a.status },
        after: { status, via: 'import' },
      });
    }
  }
  return { anchors: counts, unplaced };
}
