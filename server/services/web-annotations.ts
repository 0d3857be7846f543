// W3C Web Annotation export and import for one article. Imported annotations go
// through the same re-anchoring as a new revision, so other tools' annotations
// land on the right text or are flagged for a human, never lost.
import 'server-only';
import type { Db } from '@/db/client';
import { reanchorOffThread } from '../workers/import-pool';
import { buildTextIndex, fromTextPosition, toTextPosition } from '../domain/text-position';
import { parseAnnotationCollection, toAnnotationCollection } from '../domain/web-annotation';
import type { Actor } from '../domain/roles';
import { conflict, invalidInput } from '../errors';
import { listAnnotations } from './annotations';
import { insertImported, placeholderVerdict, resolveImports } from './imported-annotations';
import { loadArticle } from './articles';
import { currentRevision, type AnchorCounts } from './revisions';
import { listVerdicts } from './verdicts';
import { withTx } from './transaction';

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
  const problems = [...parsed.problems];
  const verdicts = await listVerdicts(db);
  // The column must name a verdict of the scale: those that need one hold the first as a placeholder, shown as none.
  const placeholder = placeholderVerdict(verdicts);
  const resolved = resolveImports(parsed.annotations, verdicts, problems);

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

  const placed = await withTx(db, async (tx) => {
    // The positions were found in that revision's text: a newer one landed meanwhile would make them wrong.
    if ((await currentRevision(tx, articleId)) !== revision)
      throw conflict('The article got a new revision while the file was being read: import it again', 'revised_meanwhile');
    return await insertImported(tx, importer, { articleId, doc, index, revision, placeholder }, resolved, results);
  });
  const needing = resolved.filter((r) => r.verdict.key === null).length;
  return {
    imported: parsed.annotations.length,
    withVerdict: parsed.annotations.length - needing,
    needsVerdict: needing,
    ...placed,
    problems,
  };
}
