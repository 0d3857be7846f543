// The permission rules in one place (server/domain/policy.ts), and the
// four-eyes reading of an annotation's history.
import { describe, expect, it } from 'vitest';
import { approvalRefusal, can } from '@/server/domain/policy';
import { ROLES, type Actor, type Role } from '@/server/domain/roles';
import { contentChangersSinceSubmission, statusAfterChange, type TrailEvent } from '@/server/domain/workflow';

const person = (role: Role, id = `${role}-id`): Actor => ({ id, name: role, role });
const strict = { allowSelfApproval: false };

describe('can, by role', () => {
  it('follows the ladder: reviewers annotate, editors manage articles and discussions, admins the desk', () => {
    const table = Object.fromEntries(
      ROLES.map((role) => {
        const p = person(role);
        return [
          role,
          [
            can.annotate(p),
            can.importArticles(p),
            can.manageArticles(p),
            can.restoreFromHistory(p),
            can.resolveDiscussion(p),
            can.manageSettings(p),
            can.managePeople(p),
            can.invite(p),
          ],
        ];
      }),
    );
    expect(table).toEqual({
      viewer: [false, false, false, false, false, false, false, false],
      reviewer: [true, true, false, false, false, false, false, false],
      editor: [true, true, true, true, true, false, false, false],
      admin: [true, true, true, true, true, true, true, true],
    });
  });

  it('lets reviewers edit only their own annotations, editors anyone’s, and nobody own an ownerless one', () => {
    expect(can.editAnnotation(person('reviewer', 'me'), { authorId: 'me' })).toBe(true);
    expect(can.editAnnotation(person('reviewer', 'me'), { authorId: 'you' })).toBe(false);
    expect(can.editAnnotation(person('reviewer', 'me'), { authorId: null })).toBe(false);
    expect(can.deleteAnnotation(person('editor'), { authorId: 'you' })).toBe(true);
    expect(can.editAnnotation(person('viewer', 'me'), { authorId: 'me' })).toBe(false);
  });
});

describe('can.approve', () => {
  const ed = person('editor', 'ed');

  it('refuses the role, the author, and whoever changed the text since submission, in that order', () => {
    expect(approvalRefusal(person('reviewer', 'r'), { authorId: 'x' }, strict)).toBe('role');
    expect(approvalRefusal(ed, { authorId: 'ed', changedBy: ['ed'] }, strict)).toBe('own_annotation');
    expect(approvalRefusal(ed, { authorId: 'rita', changedBy: ['ed'] }, strict)).toBe('own_change');
    expect(approvalRefusal(ed, { authorId: 'rita', changedBy: ['rita', 'eve'] }, strict)).toBeNull();
    expect(can.approve(ed, { authorId: 'rita', changedBy: ['ed'] }, strict)).toBe(false);
  });

  it('lets self-approval cover both the author and the changer, but never a reviewer', () => {
    const allow = { allowSelfApproval: true };
    expect(can.approve(ed, { authorId: 'ed' }, allow)).toBe(true);
    expect(can.approve(ed, { authorId: 'rita', changedBy: ['ed'] }, allow)).toBe(true);
    expect(can.approve(person('reviewer', 'rita'), { authorId: 'rita' }, allow)).toBe(false);
  });

  it('without the history (the browser), rules out only the author', () => {
    expect(can.approve(ed, { authorId: 'rita' }, strict)).toBe(true);
    expect(can.approve(ed, { authorId: 'ed' }, strict)).toBe(false);
  });
});

describe('contentChangersSinceSubmission', () => {
  const ev = (type: string, actorId: string | null, after: object = {}, before: object = {}): TrailEvent => ({
    type,
    actorId,
    before,
    after,
  });
  const submit = (who: string) => ev('annotation.status', who, { status: 'in_review', via: 'submit' });

  it('names the submitter and the last hand on each published field since the submission', () => {
    const trail = [
      ev('annotation.created', 'rita', { exact: 'x' }),
      ev('annotation.updated', 'ed', { rationale: 'before submission' }),
      submit('rita'),
      ev('annotation.updated', 'ed', { rationale: 'r1' }),
      ev('annotation.updated', 'eve', { verdict: 'false' }),
      ev('comment.created', 'zoe', { body: 'not content' }),
      ev('annotation.anchor_confirmed', 'ann', { exact: 'x' }),
    ];
    expect(contentChangersSinceSubmission(trail).sort()).toEqual(['ed', 'eve', 'rita']);
  });

  it('forgets a hand whose change someone else overwrote', () => {
    const trail = [
      submit('rita'),
      ev('annotation.updated', 'ed', { rationale: 'a' }),
      ev('annotation.updated', 'rita', { rationale: 'b' }),
    ];
    expect(contentChangersSinceSubmission(trail)).toEqual(['rita']);
  });

  it('counts re-attaching and a revision that rewords the quote, not one that only shifts it', () => {
    const trail = [
      submit('rita'),
      ev('annotation.reanchored', 'ann', { exact: 'same', anchorStatus: 'moved' }, { exact: 'same' }),
      ev('annotation.reattached', 'ed', { exact: 'new' }, { exact: 'old' }),
    ];
    expect(contentChangersSinceSubmission(trail).sort()).toEqual(['ed', 'rita']);
    const reworded = [submit('rita'), ev('annotation.reanchored', 'ann', { exact: 'newer' }, { exact: 'new' })];
    expect(contentChangersSinceSubmission(reworded).sort()).toEqual(['ann', 'rita']);
  });

  it('reads the whole trail when there was no submission (imported in review)', () => {
    expect(
      contentChangersSinceSubmission([ev('annotation.imported', 'imp', {}), ev('annotation.updated', null, { verdict: 'x' })]),
    ).toEqual(['imp']);
  });
});

describe('statusAfterChange', () => {
  it('sends only an approved annotation back to review', () => {
    expect(statusAfterChange('approved')).toBe('in_review');
    for (const status of ['draft', 'in_review', 'changes_requested'] as const) expect(statusAfterChange(status)).toBe(status);
  });
});
