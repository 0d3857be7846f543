// A Word comment offered as a draft annotation: on the words it marks, its
// text as the rationale's draft, its author and date credited as the source
// ("Imported from a Word comment: <author>, <date>"), never as the
// annotation's author (the person importing is). A comment is a colleague's
// remark, not a rating, so it always comes in as "Needs a verdict", whatever
// words it uses. The same zod rules as any imported annotation apply.
import { MAX_IMPORT_ANNOTATIONS } from './web-annotation-import';
import {
  authorSchema,
  preview,
  quoteSchema,
  rationaleSchema,
  timestampSchema,
  type ImportedAnnotation,
  type ParsedAnnotations,
} from './web-annotation-import';

export const WORD_COMMENT_ORIGIN = 'a Word comment';

export interface WordCommentInput {
  author: string | null;
  date: string | null;
  /** The comment's own words, its paragraphs one a line. */
  text: string;
  /** The words it marks in the document, and up to 32 code points on either side. */
  exact: string;
  prefix: string;
  suffix: string;
}

const byline = (author: string | null) => (author?.trim() ? ` by ${author.trim()}` : '');

export function wordCommentAnnotations(
  comments: WordCommentInput[],
  unmarked: { author: string | null; text: string }[] = [],
): ParsedAnnotations {
  const problems = unmarked.map(
    (c) => `The Word comment${byline(c.author)} ${preview(c.text || '(empty)')} marks no words in the text, so it was not brought in.`,
  );
  if (comments.length > MAX_IMPORT_ANNOTATIONS) {
    problems.push(
      `The document has ${comments.length.toLocaleString('en-US')} comments; at most ${MAX_IMPORT_ANNOTATIONS.toLocaleString('en-US')} can be brought in at once, so none were.`,
    );
    return { annotations: [], problems };
  }
  const annotations: ImportedAnnotation[] = [];
  for (const c of comments) {
    const exact = quoteSchema.safeParse(c.exact);
    const rationale = rationaleSchema.safeParse(c.text);
    if (!exact.success || !rationale.success) {
      const why = (!exact.success ? exact.error : rationale.error!).issues[0]?.message ?? 'invalid value';
      problems.push(`The Word comment${byline(c.author)} on ${preview(c.exact || '(nothing)')} was not brought in: ${why}.`);
      continue;
    }
    const author = authorSchema.safeParse(c.author ?? undefined);
    const created = timestampSchema.safeParse(c.date ?? undefined);
    annotations.push({
      selectors: { exact: exact.data, prefix: c.prefix, suffix: c.suffix, start: null, end: null },
      verdictKey: null,
      verdictLabel: null,
      tags: [],
      rationale: rationale.data,
      author: author.success ? author.data : null,
      created: created.success ? created.data : null,
      modified: null,
      evidence: [],
      status: null,
      claimSummary: null,
      claimAuthor: null,
      claimAppearanceUrl: null,
      claimAppearanceDate: null,
      origin: WORD_COMMENT_ORIGIN,
    });
  }
  return { annotations, problems };
}
