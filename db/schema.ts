// Tables and relations only; the driver lives in db/client.ts.
import { relations, sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const timestamps = {
  createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
};

export const verdicts = sqliteTable('verdicts', {
  key: text('key').primaryKey(),
  label: text('label').notNull(),
  /** A CSS colour (#rrggbb) used for highlights; the label and icon carry the meaning too. */
  colour: text('colour').notNull(),
  icon: text('icon').notNull().default(''),
  position: integer('position').notNull(),
  /** Numeric rating for ClaimReview (e.g. True 5 … False 1); null for verdicts off the scale, such as Misleading. */
  rating: integer('rating'),
});

export const articles = sqliteTable('articles', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  title: text('title').notNull(),
  sourceUrl: text('source_url'),
  byline: text('byline'),
  publishedAt: text('published_at'),
  /** ProseMirror JSON of the document, checked against the article schema on write. */
  body: text('body', { mode: 'json' }).notNull(),
  plainText: text('plain_text').notNull(),
  ...timestamps,
});

/** Every version of an article's text; `articles.body` is a copy of the newest. */
export const articleRevisions = sqliteTable(
  'article_revisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    /** 1 for the imported text, then 2, 3, … */
    number: integer('number').notNull(),
    title: text('title').notNull(),
    body: text('body', { mode: 'json' }).notNull(),
    plainText: text('plain_text').notNull(),
    sourceUrl: text('source_url'),
    createdAt: timestamps.createdAt,
  },
  (table) => [uniqueIndex('article_revisions_number_idx').on(table.articleId, table.number)],
);

export const anchorStatuses = ['exact', 'moved', 'fuzzy', 'orphaned'] as const;

export const annotations = sqliteTable(
  'annotations',
  {
    id: text('id').primaryKey(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    anchorFrom: integer('anchor_from').notNull(),
    anchorTo: integer('anchor_to').notNull(),
    exact: text('exact').notNull(),
    prefix: text('prefix').notNull().default(''),
    suffix: text('suffix').notNull().default(''),
    /** W3C TextPositionSelector over the plain text, in Unicode code points; null until computed. */
    textStart: integer('text_start'),
    textEnd: integer('text_end'),
    /** How the anchor was found in `anchorRevision`: orphaned annotations keep everything but their place. */
    anchorStatus: text('anchor_status', { enum: anchorStatuses }).notNull().default('exact'),
    anchorScore: real('anchor_score'),
    anchorRevision: integer('anchor_revision').notNull().default(1),
    verdictKey: text('verdict_key')
      .notNull()
      .references(() => verdicts.key, { onUpdate: 'cascade' }),
    rationale: text('rationale').notNull().default(''),
    authorName: text('author_name').notNull(),
    /** Who saved the latest change, when not the author: every reviewer's hand stays visible. */
    updatedBy: text('updated_by'),
    /** Only final annotations are published by default. */
    status: text('status', { enum: ['draft', 'final'] }).notNull().default('draft'),
    /** Short statement of the claim for ClaimReview; empty means "use the quote". */
    claimSummary: text('claim_summary').notNull().default(''),
    claimAuthor: text('claim_author'),
    claimAppearanceUrl: text('claim_appearance_url'),
    claimAppearanceDate: text('claim_appearance_date'),
    version: integer('version').notNull().default(1),
    /** Set when deleted; the row stays so that "Undo" can bring it back. */
    deletedAt: text('deleted_at'),
    ...timestamps,
  },
  (table) => [
    index('annotations_article_idx').on(table.articleId, table.anchorFrom),
    check('annotations_range_check', sql`${table.anchorFrom} >= 0 AND ${table.anchorTo} > ${table.anchorFrom}`),
  ],
);

export const evidence = sqliteTable(
  'evidence',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    annotationId: text('annotation_id')
      .notNull()
      .references(() => annotations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    title: text('title').notNull().default(''),
    excerpt: text('excerpt'),
    position: integer('position').notNull(),
  },
  (table) => [uniqueIndex('evidence_order_idx').on(table.annotationId, table.position)],
);

/** The organisation that publishes the checks: a single row, id 1. */
export const organisation = sqliteTable('organisation', {
  id: integer('id').primaryKey(),
  name: text('name').notNull().default(''),
  url: text('url'),
  logoUrl: text('logo_url'),
  updatedAt: timestamps.updatedAt,
});

/** Small key/value facts about the database itself, such as whether the sample article was added. */
export const appMeta = sqliteTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const articlesRelations = relations(articles, ({ many }) => ({ annotations: many(annotations), revisions: many(articleRevisions) }));
export const articleRevisionsRelations = relations(articleRevisions, ({ one }) => ({
  article: one(articles, { fields: [articleRevisions.articleId], references: [articles.id] }),
}));
export const annotationsRelations = relations(annotations, ({ one, many }) => ({
  article: one(articles, { fields: [annotations.articleId], references: [articles.id] }),
  verdict: one(verdicts, { fields: [annotations.verdictKey], references: [verdicts.key] }),
  evidence: many(evidence),
}));
export const evidenceRelations = relations(evidence, ({ one }) => ({
  annotation: one(annotations, { fields: [evidence.annotationId], references: [annotations.id] }),
}));

export type ArticleRow = typeof articles.$inferSelect;
export type ArticleRevisionRow = typeof articleRevisions.$inferSelect;
export type AnnotationRow = typeof annotations.$inferSelect;
export type EvidenceRow = typeof evidence.$inferSelect;
export type VerdictRow = typeof verdicts.$inferSelect;
export type OrganisationRow = typeof organisation.$inferSelect;
