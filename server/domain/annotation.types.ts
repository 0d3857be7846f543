// Request schemas for annotations, shared by the annotation form and the router.
import { z } from 'zod';
import {
  MAX_CLAIM_AUTHOR_LENGTH,
  MAX_CLAIM_SUMMARY_LENGTH,
  MAX_EVIDENCE_ITEMS,
  MAX_EVIDENCE_TITLE_LENGTH,
  MAX_EXCERPT_LENGTH,
  MAX_RATIONALE_LENGTH,
  MAX_URL_LENGTH,
} from './limits';
import { articleIdSchema } from './article.types';
import { ANNOTATION_STATUSES } from './enums';
import { JSON_TOO_DEEP, nestedDeeperThan } from './json-depth';
import { optionalHttpUrl, optionalIsoDate, optionalText, userText } from './optional-fields';
import { isHttpUrl, isIsoDate } from './validators';

export { isHttpUrl, isIsoDate };

export const evidenceUrlSchema = z
  .string()
  .trim()
  .min(1, 'Evidence URL is empty')
  .max(MAX_URL_LENGTH, `Evidence URL is longer than ${MAX_URL_LENGTH} characters`)
  .refine(isHttpUrl, {
    error: (issue) => `Evidence URL must be an http:// or https:// address, not "${String(issue.input).slice(0, 80)}"`,
  });

export const evidenceInput = z.object({
  url: evidenceUrlSchema,
  title: userText()
    .trim()
    .max(MAX_EVIDENCE_TITLE_LENGTH, `Evidence title is longer than ${MAX_EVIDENCE_TITLE_LENGTH} characters`)
    .default(''),
  excerpt: userText().trim().max(MAX_EXCERPT_LENGTH, `Evidence excerpt is longer than ${MAX_EXCERPT_LENGTH} characters`).nullish(),
});
export type EvidenceInput = z.input<typeof evidenceInput>;

export { ANNOTATION_STATUSES as annotationStatuses, type AnnotationStatus } from './enums';

/** Statuses a W3C annotation file may carry: ours, and "final" from files made before the review workflow. */
export const importedStatuses = [...ANNOTATION_STATUSES, 'final'] as const;

// The status is not among the fields a person edits: it moves only through submit, approve and request changes.
export const claimFields = {
  claimSummary: userText()
    .trim()
    .max(MAX_CLAIM_SUMMARY_LENGTH, `Claim summary is longer than ${MAX_CLAIM_SUMMARY_LENGTH} characters: search engines want it short`)
    .default(''),
  claimAuthor: optionalText(MAX_CLAIM_AUTHOR_LENGTH, 'Claim made by'),
  claimAppearanceUrl: optionalHttpUrl('Claim first appeared at'),
  claimAppearanceDate: optionalIsoDate('The date the claim first appeared'),
};

export const annotationIdSchema = z.uuid({ error: 'Annotation id must be a UUID' });
export const verdictKeySchema = z.string().min(1, 'Choose a verdict').max(64);

/** What the client claims about the selected text; the server checks it against the article. */
export const anchorInput = z.object({
  from: z.number().int().nonnegative(),
  to: z.number().int().positive(),
  exact: z.string().min(1, 'The selection is empty'),
});

const annotationFields = {
  verdict: verdictKeySchema,
  rationale: userText()
    .max(MAX_RATIONALE_LENGTH, `Rationale is longer than ${MAX_RATIONALE_LENGTH.toLocaleString('en-US')} characters`)
    .default(''),
  evidence: z
    .array(evidenceInput)
    .max(MAX_EVIDENCE_ITEMS, `An annotation can have at most ${MAX_EVIDENCE_ITEMS} evidence links`)
    .default([]),
  ...claimFields,
};

export const createAnnotationInput = z.object({
  id: annotationIdSchema,
  articleId: articleIdSchema,
  anchor: anchorInput,
  ...annotationFields,
});
export type CreateAnnotationInput = z.input<typeof createAnnotationInput>;

export const updateAnnotationInput = z.object({
  id: annotationIdSchema,
  /** The version the reviewer edited; a newer one on the server means someone else changed it. */
  expectedVersion: z.number().int().positive(),
  ...annotationFields,
});
export type UpdateAnnotationInput = z.input<typeof updateAnnotationInput>;

export const reattachAnnotationInput = z.object({
  id: annotationIdSchema,
  expectedVersion: z.number().int().positive(),
  anchor: anchorInput,
});

export const annotationRefInput = z.object({ id: annotationIdSchema });

export const MAX_COMMENT_LENGTH = 5000;
const commentBody = userText()
  .trim()
  .min(1, 'Write a comment first')
  .max(MAX_COMMENT_LENGTH, `A comment is at most ${MAX_COMMENT_LENGTH.toLocaleString('en-US')} characters`);

export const requestChangesInput = z.object({ id: annotationIdSchema, comment: commentBody });
export const commentInput = z.object({ annotationId: annotationIdSchema, body: commentBody });
export const commentIdSchema = z.uuid({ error: 'Comment id must be a UUID' });
export const editCommentInput = z.object({ id: commentIdSchema, body: commentBody });
export const commentRefInput = z.object({ id: commentIdSchema });

export const restoreVersionInput = z.object({ id: annotationIdSchema, eventId: z.number().int().positive() });

/** "Keep theirs" after a conflict: the version this person gives up, so that history keeps it. */
export const discardVersionInput = z.object({
  id: annotationIdSchema,
  verdict: verdictKeySchema,
  rationale: userText().max(MAX_RATIONALE_LENGTH),
  evidence: z.array(evidenceInput).max(MAX_EVIDENCE_ITEMS).default([]),
  // The claim details given up too, when the client sends them (older pages send only the three above).
  claimSummary: claimFields.claimSummary.optional(),
  claimAuthor: claimFields.claimAuthor.optional(),
  claimAppearanceUrl: claimFields.claimAppearanceUrl.optional(),
  claimAppearanceDate: claimFields.claimAppearanceDate.optional(),
});

/** The form's fields, checked in the browser with the same rules before anything is sent. */
export const annotationFormSchema = z.object(annotationFields);

/** A W3C Web Annotation file, already parsed as JSON; its shape is checked by the importer. */
export const importAnnotationsInput = z.object({
  articleId: articleIdSchema,
  // Depth first, and without recursion: the parsers after it walk the value recursively.
  collection: z
    .unknown()
    .refine((v) => !nestedDeeperThan(v), { message: JSON_TOO_DEEP, abort: true })
    .refine((v) => v !== null && typeof v === 'object', 'The file is not a JSON-LD annotation collection'),
});

/** The editor loads details only for the rows on screen: a page of them at a time, never the whole article. */
export const MAX_DETAIL_IDS = 200;

export const annotationIndexInput = z.object({ articleId: articleIdSchema });
export const annotationDetailsInput = z.object({
  articleId: articleIdSchema,
  ids: z
    .array(annotationIdSchema)
    .min(1, 'Ask for at least one annotation')
    .max(MAX_DETAIL_IDS, `Ask for at most ${MAX_DETAIL_IDS} annotations at a time`),
});
/** A cursor is an event id: 0 before anything happened. */
export const changeCursorSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
export const revisionNumberSchema = z
  .number({ error: 'revision must be a number' })
  .int('revision must be a whole number')
  .positive('revision must be 1 or more')
  .max(999_999_999, 'revision is too large');
export const annotationChangesInput = z.object({
  articleId: articleIdSchema,
  since: changeCursorSchema,
  /** The revision the asker shows: if the article has a newer one, the answer says so and sends no annotations. */
  revision: revisionNumberSchema.optional(),
});

/**
 * The answer to "is the verdict still right?" after a revision changed the quote's words: keep the verdict, or
 * change it to another one of the scale. `expectedVersion` is the version whose quote the person compared.
 */
export const answerVerdictQuestionInput = z.discriminatedUnion('answer', [
  z.object({ id: annotationIdSchema, expectedVersion: z.number().int().positive(), answer: z.literal('keep') }),
  z.object({
    id: annotationIdSchema,
    expectedVersion: z.number().int().positive(),
    answer: z.literal('change'),
    verdict: verdictKeySchema,
  }),
]);
export type AnswerVerdictQuestionInput = z.input<typeof answerVerdictQuestionInput>;
