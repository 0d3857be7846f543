// The history's sentences: what a person reads for each event, naming who did it.
import { describe, expect, it } from 'vitest';
import { describeEvent, EVENT_TYPES, restoreChanges, shortQuote, type HistoryEvent } from '@/server/domain/history';

function event(type: string, fields: Partial<HistoryEvent> = {}): HistoryEvent {
  return {
    id: 1,
    type,
    actorName: 'Ed Editor',
    articleId: 1,
    annotationId: 'a',
    before: null,
    after: null,
    createdAt: '2026-03-04T10:20:30.000Z',
    ...fields,
  };
}

const LABELS: Record<string, string> = { false: 'False', true: 'True', 'mostly-false': 'Mostly false' };
const label = (key: string) => LABELS[key] ?? key;
const say = (type: string, fields: Partial<HistoryEvent> = {}) => describeEvent(event(type, fields), label);

describe('shortQuote', () => {
  it('quotes short text whole, with its whitespace flattened', () => {
    expect(shortQuote('Crime fell')).toBe('“Crime fell”');
    expect(shortQuote('  Crime\n\n fell\tby 20%  ')).toBe('“Crime fell by 20%”');
    expect(shortQuote('')).toBe('“”');
  });

  it('keeps text of exactly the limit whole, and cuts longer text in the middle', () => {
    const sixty = 'a'.repeat(60);
    expect(shortQuote(sixty)).toBe(`“${sixty}”`);
    const long = `${'b'.repeat(40)}MIDDLE${'c'.repeat(40)}`;
    const quoted = shortQuote(long);
    expect(quoted).toBe(`“${'b'.repeat(29)} … ${'c'.repeat(29)}”`);
    expect(quoted).not.toContain('MIDDLE');
  });

  it('keeps the start and the end of a sentence, trimming spaces at the cut', () => {
    const sentence = 'The mayor said that fish have returned to every stretch of the river this year, which no survey shows.';
    expect(shortQuote(sentence, 40)).toBe('“The mayor said that … ch no survey shows.”');
    // A cut next to a space does not leave a double space around the ellipsis.
    expect(shortQuote(`${'a'.repeat(18)} ${'x'.repeat(30)} ${'b'.repeat(18)}`, 40)).toBe(`“${'a'.repeat(18)} … ${'b'.repeat(18)}”`);
  });
});

describe('describeEvent', () => {
  it('names who created or imported an annotation, with its quote and verdict label', () => {
    expect(say('annotation.created', { after: { exact: 'crime fell by 20 percent', verdict: 'false' } })).toBe(
      'Ed Editor annotated “crime fell by 20 percent” as False',
    );
    expect(say('annotation.imported', { actorName: 'Rita Reviewer', after: { exact: 'jobs grew', verdict: 'mostly-false' } })).toBe(
      'Rita Reviewer imported “jobs grew” as Mostly false',
    );
    // Without a label function the key is shown.
    expect(describeEvent(event('annotation.created', { after: { exact: 'x', verdict: 'false' } }))).toBe(
      'Ed Editor annotated “x” as false',
    );
  });

  it('says what an update changed: the verdict from and to, other fields by name, evidence added and removed', () => {
    expect(say('annotation.updated', { before: { verdict: 'true' }, after: { verdict: 'false', snapshot: {} } })).toBe(
      'Ed Editor changed the verdict from True to False',
    );
    expect(say('annotation.updated', { before: { rationale: 'a' }, after: { rationale: 'b' } })).toBe('Ed Editor changed the rationale');
    expect(
      say('annotation.updated', {
        before: { verdict: 'true', rationale: 'a', claimSummary: '' },
        after: { verdict: 'false', rationale: 'b', claimSummary: 'c' },
      }),
    ).toBe('Ed Editor changed the verdict from True to False and changed the rationale and the claim summary');
    expect(
      say('annotation.updated', {
        before: { claimAuthor: null, claimAppearanceUrl: null, claimAppearanceDate: null },
        after: { claimAuthor: 'The mayor', claimAppearanceUrl: 'https://e.org', claimAppearanceDate: '2026-01-01' },
      }),
    ).toBe('Ed Editor changed who made the claim, where the claim first appeared and the date the claim first appeared');
    const link = (url: string) => ({ url, title: '' });
    expect(say('annotation.updated', { before: { evidence: [] }, after: { evidence: [link('https://a')] } })).toBe(
      'Ed Editor added an evidence link',
    );
    expect(say('annotation.updated', { before: { evidence: [] }, after: { evidence: [link('https://a'), link('https://b')] } })).toBe(
      'Ed Editor added 2 evidence links',
    );
    expect(
      say('annotation.updated', { before: { evidence: [link('https://a'), link('https://b')] }, after: { evidence: [link('https://c')] } }),
    ).toBe('Ed Editor added an evidence link and removed 2 evidence links');
    // Same addresses, new titles.
    expect(
      say('annotation.updated', { before: { evidence: [link('https://a')] }, after: { evidence: [{ url: 'https://a', title: 'T' }] } }),
    ).toBe('Ed Editor changed the evidence');
    expect(say('annotation.updated', { before: {}, after: { snapshot: {} } })).toBe('Ed Editor saved without changes');
  });

  it('words each step of the workflow, and says when someone approved their own annotation', () => {
    const status = (after: Record<string, unknown>, actorName = 'Ed Editor') => say('annotation.status', { actorName, after });
    expect(status({ status: 'in_review', via: 'submit' }, 'Rita Reviewer')).toBe('Rita Reviewer submitted it for review');
    expect(status({ status: 'approved', via: 'approve', selfApproved: false })).toBe('Ed Editor approved');
    expect(status({ status: 'approved', via: 'approve', selfApproved: true })).toBe(
      'Ed Editor approved their own annotation (self-approval is allowed on this desk)',
    );
    expect(status({ status: 'approved', via: 'approve', selfApproved: true, ownChange: true })).toBe(
      'Ed Editor approved their own changes to it (self-approval is allowed on this desk)',
    );
    expect(status({ status: 'changes_requested', via: 'request_changes' })).toBe('Ed Editor requested changes');
    expect(status({ status: 'in_review', via: 'edit' }, 'Rita Reviewer')).toBe(
      'Rita Reviewer changed an approved annotation: back to In review',
    );
    expect(status({ status: 'in_review', via: 'reanchor', revision: 2 })).toBe('Back to In review: its text changed in a new revision');
    expect(status({ status: 'in_review', via: 'import' })).toBe(
      'Imported as approved elsewhere: In review here until an editor approves it',
    );
    expect(status({ status: 'approved', via: 'migration' })).toBe('Final before the review workflow existed: now Approved');
  });

  it('shows a re-anchoring with its kind, its score when fuzzy, and the old and new quote', () => {
    expect(
      say('annotation.reanchored', {
        before: { exact: 'at all twelve stations' },
        after: { exact: 'at eleven of twelve stations', anchorStatus: 'fuzzy', score: 0.8349, revision: 2 },
      }),
    ).toBe('Revision 2: re-anchored as fuzzy (83%): “at all twelve stations” → “at eleven of twelve stations”');
    // A moved anchor's score is not shown: the words are the same.
    expect(
      say('annotation.reanchored', {
        before: { exact: 'fish are back' },
        after: { exact: 'fish are back', anchorStatus: 'moved', score: 0.7, revision: 3 },
      }),
    ).toBe('Revision 3: re-anchored as moved: “fish are back” → “fish are back”');
    expect(
      say('annotation.reanchored', {
        before: { exact: 'the plant cost forty million' },
        after: { exact: 'the plant cost forty million', anchorStatus: 'orphaned', score: null, revision: 4 },
      }),
    ).toBe('Revision 4: its text “the plant cost forty million” is gone; it needs re-anchoring');
  });

  it('words anchors, deletion, restoring and conflicts', () => {
    expect(say('annotation.anchor_confirmed', { actorName: 'Rita Reviewer', after: { exact: 'new words' } })).toBe(
      'Rita Reviewer confirmed its position: “new words”',
    );
    expect(say('annotation.reattached', { before: { exact: 'old' }, after: { exact: 'new' } })).toBe(
      'Ed Editor re-attached it: “old” → “new”',
    );
    expect(say('annotation.deleted')).toBe('Ed Editor deleted it');
    expect(say('annotation.restored')).toBe('Ed Editor restored it');
    expect(say('annotation.version_restored', { after: { fromEventAt: '2026-03-01T09:15:59.123Z' } })).toBe(
      'Ed Editor restored the version of 2026-03-01 09:15',
    );
    expect(say('annotation.version_restored', { after: {} })).toBe('Ed Editor restored the version of an earlier moment');
    expect(say('annotation.conflict_discarded', { actorName: 'Rita Reviewer' })).toBe(
      "Rita Reviewer kept a colleague's newer version; Rita Reviewer's own unsaved version is kept here",
    );
  });

  it('quotes comments, shortened', () => {
    expect(say('comment.created', { actorName: 'Vic Viewer', after: { body: 'Is there a source?' } })).toBe(
      'Vic Viewer commented: “Is there a source?”',
    );
    const long = 'word '.repeat(40).trim();
    const created = say('comment.created', { after: { body: long } });
    expect(created).toContain(' … ');
    expect(created.length).toBeLessThan('Ed Editor commented: '.length + 85);
    expect(say('comment.edited', { before: { body: 'typo' }, after: { body: 'fixed' } })).toBe(
      'Ed Editor edited a comment: “typo” → “fixed”',
    );
    expect(say('comment.deleted', { before: { body: 'never mind' } })).toBe('Ed Editor deleted a comment: “never mind”');
    expect(say('discussion.resolved')).toBe('Ed Editor resolved the discussion');
  });

  it('words the article and settings events, with revision counts', () => {
    expect(say('article.created', { actorName: 'Ana Reviewer', after: { title: 'Mayor claims the river is clean' } })).toBe(
      'Ana Reviewer imported the article “Mayor claims the river is clean”',
    );
    expect(say('article.revision_saved', { after: { number: 2, title: 'T', counts: { exact: 3, moved: 1, fuzzy: 1, orphaned: 1 } } })).toBe(
      'Ed Editor saved revision 2: 3 unchanged, 1 moved, 1 fuzzy, 1 need re-anchoring',
    );
    expect(say('article.revision_saved', { after: { number: 5 } })).toBe('Ed Editor saved revision 5');
    expect(say('settings.changed', { actorName: 'Ana Reviewer' })).toBe('Ana Reviewer changed the settings');
  });

  it("tells what changed in an article's details, and its deletion and restoration", () => {
    const titleAndByline = { title: 'New title', byline: 'Jo Reporter' };
    expect(say('article.details_changed', { annotationId: null, before: { title: 'Old', byline: null }, after: titleAndByline })).toBe(
      'Ed Editor changed the article details: the title and the byline',
    );
    expect(say('article.details_changed', { after: { publishedAt: '2026-01-02' } })).toBe(
      'Ed Editor changed the article details: the publication date',
    );
    expect(say('article.details_changed', { after: { sourceUrl: null, title: 'T', publishedAt: null } })).toBe(
      'Ed Editor changed the article details: the source URL, the title and the publication date',
    );
    expect(say('article.deleted', { before: { title: 'River claims', annotationCount: 3 } })).toBe(
      'Ed Editor deleted the article “River claims” with its 3 annotations',
    );
    expect(say('article.deleted', { before: { title: 'River claims', annotationCount: 1 } })).toBe(
      'Ed Editor deleted the article “River claims” with its annotation',
    );
    expect(say('article.deleted', { before: { title: 'River claims', annotationCount: 0 } })).toBe(
      'Ed Editor deleted the article “River claims”',
    );
    expect(say('article.restored', { after: { title: 'River claims' } })).toBe('Ed Editor restored the article “River claims”');
  });

  it('has a sentence naming the actor for every event type, and a fallback for unknown ones', () => {
    for (const type of EVENT_TYPES) {
      const sentence = say(type, { before: {}, after: { status: 'in_review' } });
      expect(sentence, type).toBeTruthy();
      expect(sentence, type).not.toContain('undefined');
      expect(sentence, type).not.toContain('[object Object]');
    }
    expect(say('something.new')).toBe('Ed Editor: something.new');
  });

  it('never throws on missing or malformed before and after', () => {
    for (const type of EVENT_TYPES) {
      for (const value of [null, undefined, 'text', 42, []]) {
        expect(() => say(type, { before: value, after: value }), `${type} with ${String(value)}`).not.toThrow();
      }
    }
  });
});

describe('restoreChanges', () => {
  const current = {
    verdict: 'false',
    rationale: 'Now',
    evidence: [{ url: 'https://a.example/', title: 'A' }],
    claimSummary: 'Summary',
    claimAuthor: 'The mayor',
    claimAppearanceUrl: null,
    claimAppearanceDate: null,
  };

  it('lists each field a restore changes, now and after, with verdict labels', () => {
    const labels: Record<string, string> = { false: 'False', true: 'True' };
    expect(restoreChanges(current, { verdict: 'true', rationale: 'Then', evidence: [], claimAuthor: null }, (k) => labels[k] ?? k)).toEqual(
      [
        { field: 'Verdict', now: 'False', after: 'True' },
        { field: 'Rationale', now: 'Now', after: 'Then' },
        { field: 'Evidence', now: 'A (https://a.example/)', after: '(none)' },
        { field: 'Claim made by', now: 'The mayor', after: '(empty)' },
      ],
    );
  });

  it('keeps what the old version did not record, as the server does', () => {
    expect(restoreChanges(current, { verdict: 'false', rationale: 'Now', evidence: current.evidence })).toEqual([]);
  });
});
