// Search, "Checked before" and the work queue: request schemas and answers,
// shared by the router and the pages. Browser-safe.
import { z } from 'zod';
import { annotationIdSchema, verdictKeySchema } from './annotation.types';
import { articleIdSchema } from './article.types';
import { isIsoDate } from './validators';
import { ANNOTATION_STATUSES, type AnnotationStatus } from './workflow';

export const MAX_QUERY_LENGTH = 200;

const isoDay = z
  .string()
  .trim()
  .refine((v) => v === '' || isIsoDate(v), { error: 'Dates are written YYYY-MM-DD' })
  .transform((v) => v || undefined)
  .optional();

export const searchInput = z
  .object({
    q: z.string().trim().max(MAX_QUERY_LENGTH, `The search is longer than ${MAX_QUERY_LENGTH} characters`).default(''),
    verdict: verdictKeySchema.optional(),
    status: z.enum(ANNOTATION_STATUSES).optional(),
    /** A person's id: annotations they made. */
    checkedBy: z.string().trim().min(1).max(128).optional(),
    from: isoDay,
    to: isoDay,
    limit: z.number().int().min(1).max(100).default(50),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { error: 'The date range ends before it starts', path: ['to'] });
export type SearchInput = z.input<typeof searchInput>;

/** Part of a matching text; `marked` parts are what the search terms matched. */
export interface SnippetPart {
  text: string;
  marked: boolean;
}

export interface SearchResult {
  kind: 'article' | 'annotation';
  articleId: number;
  articleTitle: string;
  annotationId: string | null;
  snippet: SnippetPart[];
  verdict: string | null;
  status: AnnotationStatus | null;
  checker: string | null;
  date: string;
  href: string;
}

export interface SearchAnswer {
  results: SearchResult[];
  /** More matched than were returned. */
  more: boolean;
}

export const checkedBeforeInput = z.object({
  articleId: articleIdSchema,
  /** The claim's text: the selected quote, and the claim summary when there is one. */
  text: z.string().trim().min(1).max(4000),
  /** The annotation being edited, left out of its own suggestions. */
  annotationId: annotationIdSchema.optional(),
});

export interface EarlierCheck {
  annotationId: string;
  articleId: number;
  articleTitle: string;
  quote: string;
  verdict: string;
  rationale: string;
  evidence: { url: string; title: string }[];
  status: AnnotationStatus;
  checker: string;
  date: string;
  href: string;
  /** How much of the claim it shares, 0–1 (rarer words weigh more). */
  score: number;
}

export const assignInput = z.object({
  id: annotationIdSchema,
  /** Null takes the assignment away. */
  assigneeId: z.string().trim().min(1).max(128).nullable(),
});

export interface QueueItem {
  annotationId: string;
  articleId: number;
  articleTitle: string;
  quote: string;
  verdict: string;
  status: AnnotationStatus;
  author: string;
  assignee: string | null;
  updatedAt: string;
  href: string;
}

export interface WorkQueue {
  waitingForReview: QueueItem[] | null;
  changesRequested: QueueItem[];
  assignedToMe: QueueItem[];
  drafts: QueueItem[];
}

export interface Assignee {
  id: string;
  name: string;
}

/** The link that opens an annotation's panel in its article. */
export const annotationHref = (articleId: number, annotationId: string) => `/articles/${articleId}#annotation-${annotationId}`;

/** "Checked before" rationale text that cites the earlier check. */
export function citingRationale(check: Pick<EarlierCheck, 'articleTitle' | 'rationale' | 'date'>, url: string): string {
  const day = check.date.slice(0, 10);
  return `${check.rationale}\n\nChecked before in “${check.articleTitle}” (${day}): ${url}`.trim();
}
