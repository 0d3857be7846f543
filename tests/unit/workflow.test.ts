// The review workflow's rules: who may submit and review, and what stops an approval.
import { describe, expect, it } from 'vitest';
import { can } from '@/server/domain/policy';
import type { Actor, Role } from '@/server/domain/roles';
import {
  approvalProblems,
  CAN_REVIEW_FROM,
  CAN_SUBMIT_FROM,
  REVIEWED_FIELDS,
  STATUS_LABELS,
  ANNOTATION_STATUSES,
  type Approvable,
} from '@/server/domain/workflow';

const ready: Approvable = {
  authorId: 'author',
  status: 'in_review',
  rationale: 'The report says otherwise.',
  evidence: [{ url: 'https://e.org' }],
  anchorStatus: 'exact',
};
const person = (role: Role, id = `${role}-id`): Actor => ({ id, name: role, role });

describe('approvalProblems', () => {
  it('finds nothing in a complete annotation on its exact text', () => {
    expect(approvalProblems(ready, true)).toEqual([]);
  });

  it('asks for a rationale, blank or whitespace alike', () => {
    expect(approvalProblems({ ...ready, rationale: '' }, true)).toEqual(['it has no rationale']);
    expect(approvalProblems({ ...ready, rationale: ' \n\t ' }, true)).toEqual(['it has no rationale']);
  });

  it('asks for evidence only when the verdict needs it', () => {
    expect(approvalProblems({ ...ready, evidence: [] }, true)).toEqual(['its verdict needs at least one evidence link']);
    expect(approvalProblems({ ...ready, evidence: [] }, false)).toEqual([]);
  });

  it('asks to confirm a moved or fuzzy anchor, and to re-attach an orphan', () => {
    for (const anchorStatus of ['moved', 'fuzzy'] as const) {
      expect(approvalProblems({ ...ready, anchorStatus }, true), anchorStatus).toEqual([
        'it was re-anchored in a new revision: check and confirm its position first',
      ]);
    }
    expect(approvalProblems({ ...ready, anchorStatus: 'orphaned' }, true)).toEqual([
      'its text is not in the current revision: re-attach it first',
    ]);
  });

  it('lists every problem at once, the anchor first', () => {
    expect(approvalProblems({ ...ready, anchorStatus: 'fuzzy', rationale: '', evidence: [] }, true)).toEqual([
      'it was re-anchored in a new revision: check and confirm its position first',
      'it has no rationale',
      'its verdict needs at least one evidence link',
    ]);
  });

  it('does not look at the status or the author (the service checks those)', () => {
    for (const status of ANNOTATION_STATUSES) expect(approvalProblems({ ...ready, status, authorId: null }, true)).toEqual([]);
  });
});

describe('can.submit', () => {
  it('lets the author submit, if they are at least a reviewer', () => {
    for (const role of ['reviewer', 'editor', 'admin'] as const) expect(can.submit(person(role, 'author'), ready), role).toBe(true);
    expect(can.submit(person('viewer', 'author'), ready)).toBe(false);
  });

  it('refuses anyone else, editors included', () => {
    for (const role of ['viewer', 'reviewer', 'editor', 'admin'] as const) expect(can.submit(person(role), ready), role).toBe(false);
  });

  it('lets editors submit annotations from before accounts, which have no author', () => {
    const ownerless = { ...ready, authorId: null };
    expect(can.submit(person('editor'), ownerless)).toBe(true);
    expect(can.submit(person('admin'), ownerless)).toBe(true);
    expect(can.submit(person('reviewer'), ownerless)).toBe(false);
  });
});

describe('can.requestChanges', () => {
  it('lets editors and admins review what others wrote', () => {
    expect(can.requestChanges(person('editor'), ready, { allowSelfApproval: false })).toBe(true);
    expect(can.requestChanges(person('admin'), ready, { allowSelfApproval: false })).toBe(true);
    expect(can.requestChanges(person('editor'), { ...ready, authorId: null }, { allowSelfApproval: false })).toBe(true);
  });

  it('refuses reviewers and viewers, even with self-approval on', () => {
    for (const allow of [false, true]) {
      expect(can.requestChanges(person('reviewer'), ready, { allowSelfApproval: allow })).toBe(false);
      expect(can.requestChanges(person('reviewer', 'author'), ready, { allowSelfApproval: allow })).toBe(false);
      expect(can.requestChanges(person('viewer'), ready, { allowSelfApproval: allow })).toBe(false);
    }
  });

  it('refuses the author unless the desk allows self-approval', () => {
    expect(can.requestChanges(person('editor', 'author'), ready, { allowSelfApproval: false })).toBe(false);
    expect(can.requestChanges(person('admin', 'author'), ready, { allowSelfApproval: false })).toBe(false);
    expect(can.requestChanges(person('editor', 'author'), ready, { allowSelfApproval: true })).toBe(true);
  });
});

describe('the workflow vocabulary', () => {
  it('submits from draft or changes requested, and reviews from in review', () => {
    expect([...CAN_SUBMIT_FROM].sort()).toEqual(['changes_requested', 'draft']);
    expect([...CAN_REVIEW_FROM]).toEqual(['in_review']);
  });

  it('labels every status and reviews the published content fields', () => {
    expect(ANNOTATION_STATUSES.map((s) => STATUS_LABELS[s])).toEqual(['Draft', 'In review', 'Approved', 'Changes requested']);
    expect([...REVIEWED_FIELDS].sort()).toEqual([
      'claimAppearanceDate',
      'claimAppearanceUrl',
      'claimAuthor',
      'claimSummary',
      'evidence',
      'rationale',
      'verdict',
    ]);
  });
});
