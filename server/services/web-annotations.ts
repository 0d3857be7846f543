// W3C Web Annotation export and import for one article. Imported annotations go
// through the same re-anchoring as a new revision, so other tools' annotations
// land on the right text or are flagged for a human, never lost.
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Db } from '@/db/client';
import { annotations, evidence } from '@/db/schema';
import { reanchorOffThread } from '../workers/import-pool';
import { buildTextIndex, fromTextPosition, toTextPosition } from '../domain/text-position';
import { parseAnnotationCollection, resolveVerdict, toAnnotationCollection, type ImportedAnnotation } from '../domain/web-annotation';
import { MAX_RATIONALE_LENGTH } from '../domain/limits';
import type { Actor } from '../domain/roles';
import type { AnnotationStatus } from '../domain/workflow';
import { recordEvent } from './events';
import { indexAnnotation } from './search-index';
import { conflict, invalidInput } from '../errors';
import { anchorColumns } from './anchor-columns';
import { listAnnotations } from './annotations';
import { loadArticle } from './articles';
import { currentRevision, type AnchorCounts } from './revisions';
import { listVerdicts } from './verdicts';
import { withTx } from './transaction';

function importedStatus(status: string | null): AnnotationStatus {
  if (status === 'approved' || status === 'final' || status === 'in_review') return 'in_review';
  return status === 'changes_requested' ? 'changes_requested' : 'draft';
}

export async function exportWebAnnotations(db: Db, articleId: number, appOrigin: string): Promise<Record<string, unknown>> {
  const { row, doc } = await loadArticle(db, articleId);
  const index = buildTextIndex(doc);
  const collectionId = `${appOrigin}/api/articles/${articleId}/annotations.jsonld`;
  return toAnnotationCollection({
    collectionId,
    targetSource: row.sourceUrl ?? `${appOrigin}/articles/${articleId}`,
    articleTitle: row.title,
    annotationIdBase: `${collectionId}#`,
    verdicts: await listVerdicts(db),
    annotations: (await listAnnotations(db, articleId)).map((a) => ({
      ...a,
      selectors: { ...toTextPosition(index, a.from, a.to), exact: a.exact, prefix: a.prefix, suffix: a.suffix },
    })),
  });
}

export interface WebAnnotationImportResult {
  imported: number;
  /** How many came with a verdict of the scale (given, tagged or named in the note), and how many need one. */
  withVerdict: number;
  needsVerdict: number;
  anchors: AnchorCounts;
  /** The quotes of those that could not be placed on the text (orphaned), for a human to re-attach. */
  unplaced: string[];
  /** What was left out or changed on the way in, in words a reviewer can act on. */
  problems: string[];
}

/** "Imported from Hypothesis: alice, 2024-05-02": the original creator and date, kept with the note. */
function creditLine(a: ImportedAnnotation): string | null {
  if (!a.origin) return null;
  const date = a.created ?? a.modified;
  return `Imported from ${a.origin}: ${[a.author ?? 'an unnamed user', date?.slice(0, 10)].filter(Boolean).join(', ')}`;
}

/**
 * Imports a collection into an article in one transaction. An item that cannot
 * be read is left out and named in `problems`; one without a verdict of the
 * scale comes in as a draft marked "Needs a verdict", not submitted until one
 * is chosen.
 */
export async function importWebAnnotations(db: Db, importer: Actor, articleId: number, json: unknown): Promise<WebAnnotationImportResult> {
  const { doc } = await loadArticle(db, articleId);
  const parsed = parseAnnotationCollection(json);
  if (parsed.annotations.length === 0) {
    throw invalidInput(['No annotations could be imported from that file.', ...parsed.problems].join(' '));
  }
  const verdicts = await listVerdicts(db);
  // The column must name a verdict of the scale: those that need one hold the first as a placeholder, shown as none.
  const placeholder = verdicts[0]?.key;
  if (!placeholder) throw invalidInput('The verdict scale is empty: add verdicts in the settings before importing annotations.');
  const problems = [...parsed.problems];
  const resolved = parsed.annotations.map((a) => {
    const verdict = resolveVerdict(a, verdicts);
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

  const index = buildTextIndex(doc);
  const revision = await currentRevision(db, articleId);
  // Matching many annotations against a long article is CPU work: the worker pool does it, off the request thread.
  const results = await reanchorOffThread(
    parsed.annotations.map(({ selectors: s }) => {
      const place = s.start !== null && s.end !== null ? fromTextPosition(index, { start: s.start, end: s.end }) : null;
      // Without a usable position the cheap first step is skipped and the quote is searched for.
      return {
        from: place?.from ?? -1,
        to: place?.to ?? -1,
        exact: s.exact,
        prefix: s.prefix,
        suffix: s.suffix,
        start: s.start ?? undefined,
        end: s.end ?? undefined,
      };
    }),
    doc.toJSON(),
  );

  const counts: AnchorCounts = { exact: 0, moved: 0, fuzzy: 0, orphaned: 0 };
  const unplaced: string[] = [];
  await withTx(db, async (tx) => {
    // The positions were found in that revision's text: a newer one landed meanwhile would make them wrong.
    if ((await currentRevision(tx, articleId)) !== revision)
      throw conflict('The article got a new revision while the file was being read: import it again', 'revised_meanwhile');
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
  });
  const needing = resolved.filter((r) => r.verdict.key === null).length;
  return {
    imported: parsed.annotations.length,
    withVerdict: parsed.annotations.length - needing,
    needsVerdict: needing,
    anchors: counts,
    unplaced,
    problems,
  };
}
