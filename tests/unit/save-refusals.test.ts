import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { placeOnPage, refusalKind } from '@/components/annotations/save-refusals';
import { findQuote } from '@/server/domain/anchoring';
import { articleSchema as s } from '@/server/domain/article-schema';

const REASONS: Record<string, string> = {
  NOT_FOUND: 'not_found',
  CONFLICT: 'conflict',
  FORBIDDEN: 'forbidden',
  BAD_REQUEST: 'invalid_input',
};
/** A refusal as the browser receives it: the server's sentence, and the code and reason in its data. */
const refused = (code: string, message: string, reason = REASONS[code]) =>
  new TRPCClientError(message, { result: { error: { message, code: -32000, data: { code, reason } } } } as never);

describe('refusalKind', () => {
  it('an update of a deleted annotation is "gone"', () => {
    expect(refusalKind('update', refused('NOT_FOUND', 'This annotation does not exist any more: someone may have deleted it'))).toBe(
      'gone',
    );
  });

  it('positions that no longer fit, or a missing article, are "stale" for a new annotation', () => {
    expect(
      refusalKind(
        'create',
        refused('BAD_REQUEST', 'The selected text does not match the article: the article has "x" at 4–5, not "y"', 'anchor_mismatch'),
      ),
    ).toBe('stale');
    expect(
      refusalKind('create', refused('BAD_REQUEST', 'The selection 3–900 is outside the article (positions 0–120)', 'anchor_mismatch')),
    ).toBe('stale');
    expect(refusalKind('create', refused('NOT_FOUND', 'Article 12 does not exist'))).toBe('stale');
  });

  it('anything else keeps the server’s sentence', () => {
    expect(refusalKind('create', refused('BAD_REQUEST', 'Evidence URL must be an http:// or https:// address'))).toBe('other');
    expect(refusalKind('update', refused('CONFLICT', 'This annotation was changed by Ana'))).toBe('other');
    expect(refusalKind('update', refused('FORBIDDEN', 'Only editors and admins can edit another reviewer’s annotation'))).toBe('other');
    expect(refusalKind('create', new Error('The selected text does not match the article'))).toBe('other');
    // The reason decides, not the words: a reworded sentence is still stale, and anchor-like words without the reason are not.
    expect(refusalKind('create', refused('BAD_REQUEST', 'Pick the text again', 'anchor_mismatch'))).toBe('stale');
    expect(refusalKind('create', refused('BAD_REQUEST', 'The selected text does not match the article'))).toBe('other');
  });
});

describe('placeOnPage', () => {
  const doc = s.node('doc', null, [
    s.node('title', null, [s.text('Buses')]),
    s.node('paragraph', null, [s.text('They said 98 percent ran on time.')]),
  ]);
  const range = findQuote(doc, '98 percent')!;

  it('keeps positions that still hold the quote, finds a quote that moved, and gives up on a quote that is gone', () => {
    expect(placeOnPage(doc, { ...range, exact: '98 percent' })).toEqual({ ...range, exact: '98 percent' });
    expect(placeOnPage(doc, { from: 1, to: 11, exact: '98 percent' })).toEqual({ ...range, exact: '98 percent' });
    expect(placeOnPage(doc, { ...range, exact: '71 percent' })).toBeNull();
  });
});
