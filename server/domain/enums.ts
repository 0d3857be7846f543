// Every closed set of values the app stores or sends, declared once. The
// database schema (db/schema.ts), the zod schemas and the browser all import
// them from here, so a new value cannot reach one of them and not the others.
// Pure: no Node or database imports, it runs in the browser too.

/** The ladder of roles, lowest first: each can do what the ones below can. */
export const ROLES = ['viewer', 'reviewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The review workflow's states; only approved annotations are published. */
export const ANNOTATION_STATUSES = ['draft', 'in_review', 'approved', 'changes_requested'] as const;
export type AnnotationStatus = (typeof ANNOTATION_STATUSES)[number];

/** How an annotation was found in the current revision; orphaned ones are not on the text. */
export const ANCHOR_STATUSES = ['exact', 'moved', 'fuzzy', 'orphaned'] as const;
export type AnchorStatus = (typeof ANCHOR_STATUSES)[number];

/** What a notification tells its person: mentioned, changes requested on their annotation, it approved, one submitted for their review. */
export const NOTIFICATION_TYPES = ['mention', 'changes_requested', 'approved', 'submitted'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
