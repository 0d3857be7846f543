import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, type AnnotationDraft } from '@/components/annotations/form/AnnotationForm';
import {
  draftKey,
  FormDrafts,
  isUnchanged,
  NO_PENDING,
  parseKept,
  sameRef,
  type DraftRef,
  type DraftStorage,
} from '@/components/annotations/form/form-drafts';

/** localStorage's behaviour over a Map, optionally refusing writes the way a full or switched-off storage does. */
class MemoryStorage implements DraftStorage {
  readonly items = new Map<string, string>();
  full = false;
  get length() {
    return this.items.size;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

const anchor = { from: 12, to: 40, exact: '98 percent of buses ran on time' };
const half: AnnotationDraft = { ...EMPTY_DRAFT, verdict: 'false', rationale: 'Half-written: the survey says' };
const edit: DraftRef = { kind: 'edit', id: 'a1' };
const fresh: DraftRef = { kind: 'create', id: 'n1', anchor };
const saved: AnnotationDraft = { ...EMPTY_DRAFT, verdict: 'mostly-false', rationale: 'As saved.' };
const fields = (draft: AnnotationDraft, pending = NO_PENDING) => ({ draft, pending, anchor, base: saved });

function setup(articleId = 7) {
  const storage = new MemoryStorage();
  let clock = 0;
  const drafts = new FormDrafts(storage, articleId, () => new Date(Date.UTC(2025, 0, 1, 0, 0, clock++)));
  return { storage, drafts };
}

describe('FormDrafts', () => {
  it('keeps a draft per article and annotation, and reads it back as it was typed', () => {
    const { drafts, storage } = setup();
    drafts.put(edit, fields(half, { url: 'https://example.org/sur', title: '' }));
    expect(storage.items.has(draftKey(7, edit))).toBe(true);
    expect(drafts.get(edit)).toMatchObject({
      ref: edit,
      draft: half,
      pending: { url: 'https://example.org/sur', title: '' },
      anchor,
      base: saved,
    });
    expect(drafts.get({ kind: 'edit', id: 'other' })).toBeNull();
    // Another article's page does not see it.
    expect(new FormDrafts(storage, 8).list()).toEqual([]);
  });

  it('keys a new annotation by its id and its anchor', () => {
    const { drafts } = setup();
    drafts.put(fresh, fields(half));
    expect(draftKey(7, fresh)).toContain('n1');
    expect(draftKey(7, fresh)).toContain('12-40');
    expect(drafts.get(fresh)?.draft).toEqual(half);
    expect(drafts.get({ ...fresh, anchor: { ...anchor, from: 13 } })).toBeNull();
  });

  it('lists the article’s drafts oldest first and forgets a discarded one', () => {
    const { drafts } = setup();
    drafts.put(edit, fields(half));
    drafts.put(fresh, fields({ ...half, rationale: 'second' }));
    expect(drafts.list().map((d) => d.ref.id)).toEqual(['a1', 'n1']);
    drafts.remove(edit);
    expect(drafts.list().map((d) => d.ref.id)).toEqual(['n1']);
  });

  it('a confirmed save removes the draft only when it holds what was saved', () => {
    const { drafts } = setup();
    drafts.put(edit, fields(half));
    expect(drafts.removeIfSaved('a1', { ...half, rationale: 'an older text' })).toBe(false);
    expect(drafts.get(edit)).not.toBeNull();
    expect(drafts.removeIfSaved('a1', half)).toBe(true);
    expect(drafts.get(edit)).toBeNull();
    // Evidence still in the boxes is unsaved text: it stays.
    drafts.put(fresh, fields(half, { url: 'https://example.org/x', title: '' }));
    expect(drafts.removeIfSaved('n1', half)).toBe(false);
  });

  it('holds on to drafts for the life of the page when the storage refuses them', () => {
    const { drafts, storage } = setup();
    storage.full = true;
    drafts.put(edit, fields(half));
    expect(drafts.persistent).toBe(false);
    expect(drafts.get(edit)?.draft).toEqual(half);
    expect(drafts.list()).toHaveLength(1);
    storage.full = false;
    drafts.put(edit, fields(half));
    expect(drafts.persistent).toBe(true);
    expect(storage.items.size).toBe(1);
    expect(new FormDrafts(null, 7).persistent).toBe(false);
  });

  it('ignores entries it did not write or cannot read', () => {
    const { drafts, storage } = setup();
    storage.items.set('factcheck:draft:7:broken', '{not json');
    storage.items.set('factcheck:draft:7:odd', JSON.stringify({ ref: { kind: 'edit', id: 'x' }, draft: { rationale: 3 }, anchor }));
    storage.items.set('someone-else', 'x');
    expect(drafts.list()).toEqual([]);
    expect(parseKept(null)).toBeNull();
  });

  it('reads back what it wrote, dropping only the parts that are damaged', () => {
    const entry = {
      ref: edit,
      anchor,
      draft: { ...half, evidence: [{ url: 'https://example.org/a', title: 'A', excerpt: 'quoted' }] },
      pending: { url: 'https://example.org/b', title: '' },
      base: saved,
      keptAt: '2025-01-01T00:00:00.000Z',
    };
    expect(parseKept(JSON.stringify(entry))).toEqual(entry);
    // Links that are not links go, and a missing excerpt reads as none; the draft stays.
    const links = [{ url: 'https://example.org/a', title: 'A' }, { url: 3, title: 'B' }, 'https://example.org/c', null];
    expect(parseKept(JSON.stringify({ ...entry, draft: { ...half, evidence: links } }))?.draft.evidence).toEqual([
      { url: 'https://example.org/a', title: 'A', excerpt: null },
    ]);
    // A damaged pending link, base or date falls back to nothing.
    expect(parseKept(JSON.stringify({ ...entry, pending: { url: 1 }, base: { rationale: 2 }, keptAt: 5 }))).toEqual({
      ...entry,
      pending: NO_PENDING,
      base: null,
      keptAt: '',
    });
    // Fields it did not write are not carried along.
    const read = parseKept(JSON.stringify({ ...entry, extra: 1, draft: { ...entry.draft, extra: 2 } }));
    expect(read).not.toHaveProperty('extra');
    expect(read?.draft).not.toHaveProperty('extra');
    // What it cannot do without: a ref it knows, an anchor in whole numbers, every text field of the draft.
    for (const broken of [
      { ...entry, ref: { kind: 'move', id: 'a1' } },
      { ...entry, ref: { kind: 'create', id: 'n1' } },
      { ...entry, ref: { kind: 'edit' } },
      { ...entry, anchor: { ...anchor, from: 1.5 } },
      { ...entry, anchor: { from: 1, to: 2 } },
      { ...entry, draft: { ...half, verdict: undefined } },
      { ...entry, draft: { ...half, evidence: 'none' } },
      [entry],
      'entry',
    ]) {
      expect(parseKept(JSON.stringify(broken)), JSON.stringify(broken)).toBeNull();
    }
    expect(parseKept(JSON.stringify({ ...entry, ref: fresh }))?.ref).toEqual(fresh);
  });
});

describe('isUnchanged and sameRef', () => {
  it('an untouched form keeps nothing; a changed field or a half-typed link does', () => {
    expect(isUnchanged({ draft: EMPTY_DRAFT, pending: NO_PENDING }, EMPTY_DRAFT)).toBe(true);
    expect(isUnchanged({ draft: half, pending: NO_PENDING }, EMPTY_DRAFT)).toBe(false);
    expect(isUnchanged({ draft: EMPTY_DRAFT, pending: { url: 'h', title: '' } }, EMPTY_DRAFT)).toBe(false);
    const withLink = { ...half, evidence: [{ url: 'https://example.org/a', title: 'A', excerpt: null }] };
    expect(
      isUnchanged(
        { draft: withLink, pending: NO_PENDING },
        { ...withLink, evidence: [{ url: 'https://example.org/a', title: 'A', excerpt: null }] },
      ),
    ).toBe(true);
    expect(isUnchanged({ draft: withLink, pending: NO_PENDING }, half)).toBe(false);
    // Without a saved version (the annotation is gone), whatever is typed is worth keeping.
    expect(isUnchanged({ draft: EMPTY_DRAFT, pending: NO_PENDING }, null)).toBe(false);
  });

  it('tells drafts apart by kind, id and (for new ones) anchor', () => {
    expect(sameRef(edit, { kind: 'edit', id: 'a1' })).toBe(true);
    expect(sameRef(edit, fresh)).toBe(false);
    expect(sameRef(fresh, { ...fresh, anchor: { ...anchor, to: 41 } })).toBe(false);
  });
});
