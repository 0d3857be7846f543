// The annotation tests (store, outbox, state, merging changes) share this: a reviewer,
// a full annotation with defaults, the server's refusals and a server whose
// every answer the test gives by hand.
import { expect } from 'vitest';
import type { AnnotationView } from '@/server/domain/annotation';
import type { Actor } from '@/server/domain/roles';
import type { AnnotationApi, ApiErrors } from '@/components/annotations/store/AnnotationStore';

export const me: Actor = { id: 'u1', name: 'Rosa Reviewer', role: 'reviewer' };

export const view = (id: string, fields: Partial<AnnotationView> = {}): AnnotationView => ({
  id,
  articleId: 1,
  from: 1,
  to: 5,
  exact: 'text',
  prefix: '',
  suffix: '',
  verdict: 'false',
  rationale: `why ${id}`,
  author: 'Rosa Reviewer',
  authorId: 'u1',
  updatedBy: null,
  status: 'draft',
  previousExact: null,
  recheckQuote: null,
  discussionResolved: false,
  claimSummary: '',
  claimAuthor: null,
  claimAppearanceUrl: null,
  claimAppearanceDate: null,
  anchorStatus: 'exact',
  anchorScore: null,
  version: 1,
  createdAt: '',
  updatedAt: '',
  evidence: [],
  ...fields,
});

/** What the server says no with; `code` as tRPC names it. */
export class Refused extends Error {
  constructor(
    readonly code: 'CONFLICT' | 'NOT_FOUND' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
  }
}

export const errors: ApiErrors = {
  isRefusal: (e) => e instanceof Refused,
  isConflict: (e) => e instanceof Refused && e.code === 'CONFLICT',
  isGone: (e) => e instanceof Refused && e.code === 'NOT_FOUND',
  message: (e) => (e instanceof Error ? e.message : 'Unknown error'),
  retryReason: () => 'offline',
};

export interface Call {
  method: keyof AnnotationApi;
  input: Record<string, unknown>;
  answer: (value: unknown) => void;
  refuse: (error: unknown) => void;
}

/** A server whose every answer the test gives by hand, so the page can be looked at before it arrives. */
export class FakeServer {
  readonly calls: Call[] = [];
  /** What `details` answers at once (it is read outside the save queue). */
  readonly stored = new Map<string, AnnotationView>();

  readonly api = new Proxy({} as AnnotationApi, {
    get: (_, method: keyof AnnotationApi) => (input: Record<string, unknown>) => {
      if (method === 'details') return Promise.resolve((input.ids as string[]).flatMap((id) => this.stored.get(id) ?? []));
      return new Promise((answer, refuse) => this.calls.push({ method, input, answer, refuse }));
    },
  });

  /** The oldest unanswered call, which must be `method`. */
  next(method: keyof AnnotationApi): Call {
    const call = this.calls.shift();
    expect(call?.method).toBe(method);
    return call as Call;
  }
}
