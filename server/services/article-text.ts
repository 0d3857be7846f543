// An article's parsed text, kept between writes: parsing the ProseMirror JSON
// of a 50,000-word article and indexing its plain text costs far more than the
// write that needs them, and the text changes only with a new revision.
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { Fragment, type Node as PMNode } from 'prosemirror-model';
import type { Db } from '@/db/client';
import { articles } from '@/db/schema';
import { articleDocFromJSON, articleSchema } from '../domain/article-schema';
import { plainTextOf } from '../domain/plain-text';
import { TextIndexBuilder, type TextIndex } from '../domain/text-position';
import { missing } from './articles';

export interface ArticleText {
  doc: PMNode;
  index: TextIndex;
  /** The revision this text is, for the annotations anchored on it. */
  revision: number;
}

/** A few articles are being annotated at once; a long one holds a few megabytes here. */
export const CAPACITY = 8;

interface Entry extends ArticleText {
  key: string;
}

// Per database, since tests open many whose article ids repeat. Least recently used goes first.
const caches = new WeakMap<Db, LRUCache<number, Entry>>();
/** Parses under way, by article and key. */
const inFlight = new WeakMap<Db, Map<string, Promise<{ doc: PMNode; index: TextIndex }>>>();

/**
 * What changes whenever the body does: every new text is a new revision
 * (addRevision writes the revision and articles.body together, and a restored
 * text is a new revision too), and updated_at moves with it. The revision
 * number alone would do within one database; updated_at also catches a file
 * swapped under a running server.
 */
async function current(db: Db, articleId: number, withBody: boolean) {
  const row = await db
    .select({
      updatedAt: articles.updatedAt,
      revision: sql<number | null>`(select max(r.number) from article_revisions r where r.article_id = ${articleId})`,
      ...(withBody ? { body: articles.body, plainText: articles.plainText } : {}),
    })
    .from(articles)
    .where(and(eq(articles.id, articleId), isNull(articles.deletedAt)))
    .get();
  if (!row) throw missing(articleId);
  const revision = row.revision ?? 1;
  return {
    key: `${revision}|${row.updatedAt}`,
    revision,
    body: 'body' in row ? row.body : undefined,
    plainText: 'plainText' in row ? row.plainText : undefined,
  };
}

/** How long parsing may hold the thread before it lets other requests in. */
export const SLICE_MS = 8;
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The stored document parsed and checked as articleDocFromJSON does, and its
 * text index built as buildTextIndex does, a top-level block at a time: for a
 * 2 MB article that is about a second of work (the first write after a new
 * revision, or after a restart), given to the event loop in slices of a few
 * milliseconds so that the rest of the desk is answered meanwhile.
 * `plainText` is the text stored beside the document (the index checks that
 * it has the length the walk found).
 */
export async function parseInSlices(json: unknown, plainText?: string, sliceMs = SLICE_MS): Promise<{ doc: PMNode; index: TextIndex }> {
  const raw = json as { content?: unknown } | null;
  if (!raw || typeof raw !== 'object' || !Array.isArray(raw.content)) {
    const doc = articleDocFromJSON(json);
    const builder = new TextIndexBuilder();
    doc.descendants(builder.visit);
    return { doc, index: builder.finish(plainText ?? plainTextOf(doc)) };
  }
  let sliceStart = performance.now();
  const breathe = async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    await pause();
    sliceStart = performance.now();
  };
  // The top node's type and attributes checked as nodeFromJSON does; its content one block at a time.
  const shell = articleSchema.nodeFromJSON({ ...raw, content: [] });
  const children: PMNode[] = [];
  for (const child of raw.content) {
    const node = articleSchema.nodeFromJSON(child);
    node.check();
    children.push(node);
    await breathe();
  }
  // What doc.check() does at the top (its children were checked above, its attributes by nodeFromJSON; it has no marks).
  const doc = shell.type.createChecked(shell.attrs, Fragment.fromArray(children));
  const builder = new TextIndexBuilder();
  let pos = 0;
  for (const child of children) {
    // As doc.descendants(visit) would: the block, then what is inside it unless visit says no.
    if (builder.visit(child, pos)) child.descendants((node, at) => builder.visit(node, pos + 1 + at));
    pos += child.nodeSize;
    await breathe();
  }
  return { doc, index: builder.finish(plainText ?? plainTextOf(doc)) };
}

/** The live article's current text, parsed and indexed; its body is read only when it changed since last time. */
export async function articleText(db: Db, articleId: number): Promise<ArticleText> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new LRUCache<number, Entry>({ max: CAPACITY });
    caches.set(db, cache);
  }
  // get() marks the entry as the most recently used.
  const hit = cache.get(articleId);
  if (hit && hit.key === (await current(db, articleId, false)).key) return hit;
  // Key and body from one statement, so that a revision landing meanwhile cannot file a text under another's key.
  const { key, revision, body, plainText } = await current(db, articleId, true);
  // Two writes that miss at once share one parse.
  let parsing = inFlight.get(db)?.get(`${articleId}|${key}`);
  if (!parsing) {
    parsing = parseInSlices(body, plainText);
    const mine = inFlight.get(db) ?? new Map<string, ReturnType<typeof parseInSlices>>();
    inFlight.set(db, mine);
    const at = `${articleId}|${key}`;
    mine.set(at, parsing);
    parsing.then(
      () => mine.delete(at),
      () => mine.delete(at),
    );
  }
  const { doc, index } = await parsing;
  const entry: Entry = { key, doc, index, revision };
  cache.set(articleId, entry);
  return entry;
}
