// Tables and relations only, for both dialects; the driver lives in db/client.ts.
import { relations, sql } from 'drizzle-orm';
// Relative, not '@/…': drizzle-kit loads this file without the tsconfig paths.
// The helpers build SQLite or PostgreSQL columns, whichever this process runs on (./columns.ts).
import { check, index, integer, nowIso, real, sqliteTable, text, uniqueIndex } from './columns';
import { ANCHOR_STATUSES, ANNOTATION_STATUSES, NOTIFICATION_TYPES, ROLES } from '../server/domain/enums';

const timestamps = {
  createdAt: text('created_at').notNull().default(nowIso),
  updatedAt: text('updated_at').notNull().default(nowIso),
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
  /** Approval needs at least one evidence link for this verdict (off for "Not a claim" and "Unverifiable" by default). */
  requiresEvidence: integer('requires_evidence', { mode: 'boolean' }).notNull().default(true),
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
  /** Set when an editor deletes the article: it is gone from every list and read, but its row, annotations and history stay so it can be restored. */
  deletedAt: text('deleted_at'),
  /**
   * The article's change sequence: bumped (UPDATE … RETURNING) inside every
   * transaction that records an event on the article, and stored on that event,
   * so it is gap-free and in commit order whatever the database.
   */
  changeSeq: integer('change_seq').notNull().default(0),
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
    anchorStatus: text('anchor_status', { enum: ANCHOR_STATUSES }).notNull().default('exact'),
    anchorScore: real('anchor_score'),
    anchorRevision: integer('anchor_revision').notNull().default(1),
    verdictKey: text('verdict_key')
      .notNull()
      .references(() => verdicts.key, { onUpdate: 'cascade' }),
    rationale: text('rationale').notNull().default(''),
    /** The author's name as shown and published; kept as stored for annotations made before accounts existed. */
    authorName: text('author_name').notNull(),
    /** The signed-in person who made it (null for annotations made before accounts existed): owns it for editing. */
    authorId: text('author_id').references(() => user.id, { onDelete: 'set null' }),
    /** Who saved the latest change, when not the author: every reviewer's hand stays visible. */
    updatedBy: text('updated_by'),
    updatedById: text('updated_by_id').references(() => user.id, { onDelete: 'set null' }),
    /** The review workflow: only approved annotations are published. */
    status: text('status', { enum: ANNOTATION_STATUSES }).notNull().default('draft'),
    /** The quote before a re-anchoring moved it or matched it fuzzily, shown beside the new one until someone confirms. */
    previousExact: text('previous_exact'),
    /**
     * The quote the verdict was given on, while a revision has changed its words and nobody has yet said whether
     * the verdict still holds ("is the verdict still right?"); null when there is no such question. Approval waits for it.
     */
    recheckQuote: text('recheck_quote'),
    /** Set when an editor resolves the annotation's discussion; a new comment reopens it. */
    discussionResolvedAt: text('discussion_resolved_at'),
    discussionResolvedBy: text('discussion_resolved_by'),
    /** Short statement of the claim for ClaimReview; empty means "use the quote". */
    claimSummary: text('claim_summary').notNull().default(''),
    claimAuthor: text('claim_author'),
    claimAppearanceUrl: text('claim_appearance_url'),
    claimAppearanceDate: text('claim_appearance_date'),
    version: integer('version').notNull().default(1),
    /** Set when deleted; the row stays so that "Undo" can bring it back. */
    deletedAt: text('deleted_at'),
    ...timestamps,
    /** Who is to work on it next (the work queue's "Assigned to me"); null when nobody is. */
    assignedToId: text('assigned_to_id').references(() => user.id, { onDelete: 'set null' }),
    /** Labels brought in with it (Hypothesis tags, `tagging` bodies), exported back as `tagging` bodies. */
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /**
     * Imported without a verdict the scale knows: `verdict_key` then holds a placeholder (the column
     * must name a verdict), the views show no verdict, and it cannot be submitted until one is chosen.
     */
    needsVerdict: integer('needs_verdict', { mode: 'boolean' }).notNull().default(false),
  },
  (table) => [
    index('annotations_article_idx').on(table.articleId, table.anchorFrom),
    index('annotations_assigned_idx').on(table.assignedToId),
    // Search with filters and no words (server/services/search.ts), newest first (id breaks ties): by status, by
    // checker, or walking back from the newest until enough pass the other filters. Without them, a scan and a sort.
    index('annotations_status_idx').on(table.status, table.updatedAt, table.id),
    index('annotations_author_idx').on(table.authorId, table.updatedAt, table.id),
    index('annotations_updated_idx').on(table.updatedAt, table.id),
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
  /** Lets a one-person desk approve its own annotations; each such approval is marked in the history. */
  allowSelfApproval: integer('allow_self_approval', { mode: 'boolean' }).notNull().default(false),
  updatedAt: timestamps.updatedAt,
  /** The address readers reach the app at (public pages, ClaimReview URLs); FACTCHECK_PUBLIC_URL wins when set. */
  publicUrl: text('public_url'),
  /** The desk's methodology and corrections policy pages, linked from every public page (IFCN). */
  methodologyUrl: text('methodology_url'),
  correctionsPolicyUrl: text('corrections_policy_url'),
});

/**
 * Everything that happened, append-only (triggers refuse UPDATE and DELETE): the
 * history people read and, by the article's change sequence (`seq`), the feed
 * clients sync from. Written in the same transaction as the change it records.
 * No foreign keys, so the record outlives what it describes.
 */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    articleId: integer('article_id'),
    /** The article's change sequence at this event (1, 2, 3, … per article, gap-free); null for events without an article. */
    seq: integer('seq'),
    annotationId: text('annotation_id'),
    actorId: text('actor_id'),
    /** The name at the time, so history reads the same after a rename. */
    actorName: text('actor_name').notNull(),
    type: text('type').notNull(),
    /** JSON: the values before and after, as the event type defines them. */
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    createdAt: text('created_at').notNull(),
  },
  (table) => [
    index('events_annotation_idx').on(table.annotationId, table.id),
    uniqueIndex('events_article_seq_idx').on(table.articleId, table.seq),
  ],
);

/** An annotation's discussion: separate from the published rationale. */
export const comments = sqliteTable(
  'comments',
  {
    id: text('id').primaryKey(),
    annotationId: text('annotation_id')
      .notNull()
      .references(() => annotations.id, { onDelete: 'cascade' }),
    authorId: text('author_id').references(() => user.id, { onDelete: 'set null' }),
    authorName: text('author_name').notNull(),
    body: text('body').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    deletedAt: text('deleted_at'),
  },
  (table) => [index('comments_annotation_idx').on(table.annotationId, table.createdAt)],
);

/** Who a comment mentions with @name, for the Mentions page. */
export const commentMentions = sqliteTable(
  'comment_mentions',
  {
    commentId: text('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
  },
  (table) => [uniqueIndex('comment_mentions_pk').on(table.commentId, table.userId), index('comment_mentions_user_idx').on(table.userId)],
);

// People and sessions. The four tables better-auth needs (user, session,
// account, verification) follow its Drizzle adapter's field names; `role` and
// `accessRemovedAt` are ours.
export const user = sqliteTable('user', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: integer('email_verified', { mode: 'boolean' }).notNull().default(false),
  image: text('image'),
  role: text('role', { enum: ROLES }).notNull().default('viewer'),
  /** Set by "Remove access": the person can no longer sign in, but their name stays on their work. */
  accessRemovedAt: integer('access_removed_at', { mode: 'timestamp_ms' }),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

export const session = sqliteTable(
  'session',
  {
    id: text('id').primaryKey(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    token: text('token').notNull().unique(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
  },
  (table) => [index('session_user_idx').on(table.userId)],
);

export const account = sqliteTable(
  'account',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: integer('access_token_expires_at', { mode: 'timestamp_ms' }),
    refreshTokenExpiresAt: integer('refresh_token_expires_at', { mode: 'timestamp_ms' }),
    scope: text('scope'),
    /** better-auth's password hash (scrypt); never read by our code. */
    password: text('password'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [index('account_user_idx').on(table.userId)],
);

export const verification = sqliteTable('verification', {
  id: text('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** An invitation to join with a role: the link carries a secret token, only its hash is stored. */
export const invites = sqliteTable('invites', {
  id: text('id').primaryKey(),
  tokenHash: text('token_hash').notNull().unique(),
  email: text('email').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  createdById: text('created_by_id').references(() => user.id, { onDelete: 'set null' }),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at').notNull(),
  usedAt: text('used_at'),
  /** Revoked by an admin: its link refuses from then on. */
  revokedAt: text('revoked_at'),
  /** The token sealed under the auth secret (server/auth/invite-seal.ts), so the link can be copied again; null for invites made before. */
  tokenSealed: text('token_sealed'),
});

/**
 * What concerns one person (mentioned, their annotation sent back or approved,
 * an annotation waiting for their review), written in the same transaction as
 * the event that causes it; read state is per person.
 */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    type: text('type', { enum: NOTIFICATION_TYPES }).notNull(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    annotationId: text('annotation_id').references(() => annotations.id, { onDelete: 'cascade' }),
    /** The comment that mentions the person, for a mention. */
    commentId: text('comment_id'),
    /** The event that caused it (events.id). */
    eventId: integer('event_id').notNull(),
    actorId: text('actor_id'),
    /** The actor's name at the time, as history keeps it. */
    actorName: text('actor_name').notNull(),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
  },
  (table) => [index('notifications_user_idx').on(table.userId, table.id), index('notifications_unread_idx').on(table.userId, table.readAt)],
);

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
export type UserRow = typeof user.$inferSelect;
export type EventRow = typeof events.$inferSelect;
export type CommentRow = typeof comments.$inferSelect;
export type InviteRow = typeof invites.$inferSelect;
export type OrganisationRow = typeof organisation.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;

/**
 * Failed sign-ins, one row per key: `account:<normalised email>` (exponential
 * back-off) or `address:<client address>` (a window of so many failures).
 * In the database, so that several app servers share them
 * (server/auth/sign-in-limits.ts). Times are milliseconds since the epoch.
 */
export const signInFailures = sqliteTable(
  'sign_in_failures',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull(),
    windowStartedAt: integer('window_started_at').notNull(),
    lastFailureAt: integer('last_failure_at').notNull(),
    blockedUntil: integer('blocked_until').notNull().default(0),
  },
  (table) => [index('sign_in_failures_last_idx').on(table.lastFailureAt)],
);

/**
 * An article's public page: its stable address (`/p/<slug>`), the desk's
 * framing (headline, conclusion, full text or only the checked passages) and,
 * once unpublished, the tombstone's reason. One row per article, made on the
 * first "Publish"; the framing is copied into each version as it is published.
 */
export const publications = sqliteTable('publications', {
  articleId: integer('article_id')
    .primaryKey()
    .references(() => articles.id, { onDelete: 'cascade' }),
  slug: text('slug').notNull().unique(),
  /** "Fact-check: …"; empty means "Fact-check: <the article's title>". */
  headline: text('headline').notNull().default(''),
  conclusion: text('conclusion').notNull().default(''),
  /** 'full' or 'excerpts' (each checked passage with its paragraph). */
  display: text('display', { enum: ['full', 'excerpts'] })
    .notNull()
    .default('full'),
  /** The desk's own address for the check ("Published at"), when it hosts the page in its CMS: ClaimReview URLs point there. */
  externalUrl: text('external_url'),
  /** What the claim's author is when it comes from the byline: a person or an organisation. */
  bylineType: text('byline_type', { enum: ['Person', 'Organization'] })
    .notNull()
    .default('Person'),
  unpublishedAt: text('unpublished_at'),
  unpublishReason: text('unpublish_reason'),
  ...timestamps,
});

/** Every version of a public page, immutable: the snapshot is all the page is rendered from. */
export const publishedVersions = sqliteTable(
  'published_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    /** 1, 2, 3, … per article. */
    number: integer('number').notNull(),
    /** JSON (server/services/publishing.ts PublishedSnapshot): text, approved annotations, framing, people, dates. */
    snapshot: text('snapshot', { mode: 'json' }).notNull(),
    /** The editor's one line for readers ("Corrections and updates"); empty for the first version. */
    note: text('note').notNull().default(''),
    publishedById: text('published_by_id').references(() => user.id, { onDelete: 'set null' }),
    publishedByName: text('published_by_name').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (table) => [uniqueIndex('published_versions_number_idx').on(table.articleId, table.number)],
);
export type PublicationRow = typeof publications.$inferSelect;
export type PublishedVersionRow = typeof publishedVersions.$inferSelect;
