import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, type AnnotationDraft } from '@/components/annotations/annotation-draft';
import { MERGED_FIELDS, mergeFields, resolveMerge, sameField, type MergedField } from '@/components/annotations/form/merge-fields';

// Small alphabets, so that both sides often pick the same value and values differ only in spaces.
const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é'), maxLength: 4 });
const evidence = fc.array(
  fc.record({ url: fc.constantFrom('https://a.example/', 'https://b.example/'), title: text, excerpt: fc.constant(null) }),
  { maxLength: 2 },
);
const draft: fc.Arbitrary<AnnotationDraft> = fc.record({
  verdict: fc.constantFrom('true', 'false', 'mixed'),
  rationale: text,
  evidence,
  claimSummary: text,
  claimAuthor: text,
  claimAppearanceUrl: fc.constantFrom('', 'https://first.example/', ' https://first.example/'),
  claimAppearanceDate: fc.constantFrom('', '2025-01-02', '2024-12-31'),
});

/** A concurrent edit: some fields of `base` replaced by those of `other`. */
function edit(base: AnnotationDraft, other: AnnotationDraft, fields: MergedField[]): AnnotationDraft {
  const out = { ...base };
  for (const f of fields) Object.assign(out, { [f]: other[f] });
  return out;
}

const fields = fc.subarray([...MERGED_FIELDS]);
const concurrentEdits = fc.record({ base: draft, a: draft, b: draft, yourFields: fields, theirFields: fields }).map((x) => ({
  base: x.base,
  yours: edit(x.base, x.a, x.yourFields),
  theirs: edit(x.base, x.b, x.theirFields),
}));

const changed = (f: MergedField, base: AnnotationDraft, side: AnnotationDraft) => !sameField(f, base, side);

describe('mergeFields', () => {
  it('never loses a field one side changed and the other left alone, whichever way the rest is decided', () => {
    fc.assert(
      fc.property(concurrentEdits, ({ base, yours, theirs }) => {
        const merge = mergeFields(base, yours, theirs);
        for (const keep of ['yours', 'theirs'] as const) {
          const result = resolveMerge(merge, keep);
          for (const f of MERGED_FIELDS) {
            const mine = changed(f, base, yours);
            const their = changed(f, base, theirs);
            if (mine && !their) expect(sameField(f, result, yours), `${f}: yours kept`).toBe(true);
            if (their && !mine) expect(sameField(f, result, theirs), `${f}: theirs kept`).toBe(true);
            if (!mine && !their) expect(sameField(f, result, base), `${f}: untouched`).toBe(true);
            // Both changed: it is asked about (unless both wrote the same), and the answer is what is kept.
            if (mine && their) {
              expect(merge.conflicts.includes(f)).toBe(!sameField(f, yours, theirs));
              expect(sameField(f, result, keep === 'yours' ? yours : theirs)).toBe(true);
            }
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('asks only about fields both sides changed, and says who changed the rest', () => {
    fc.assert(
      fc.property(concurrentEdits, ({ base, yours, theirs }) => {
        const merge = mergeFields(base, yours, theirs);
        for (const f of merge.conflicts) expect(changed(f, base, yours) && changed(f, base, theirs)).toBe(true);
        for (const f of merge.theirs) expect(changed(f, base, theirs) && !changed(f, base, yours)).toBe(true);
        for (const f of merge.yours) expect(changed(f, base, yours) && !changed(f, base, theirs)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps a restored verdict when the form opened before the restore saves only its summary', () => {
    const newer = { ...EMPTY_DRAFT, verdict: 'not-a-claim', rationale: 'No figures yet.' };
    const restored = { ...newer, verdict: 'unverifiable' };
    const merge = mergeFields(newer, { ...newer, claimSummary: 'Council drains spending' }, restored);
    expect(merge.conflicts).toEqual([]);
    expect(merge.draft).toEqual({ ...restored, claimSummary: 'Council drains spending' });
  });

  it('asks about the rationale both rewrote, and keeps the colleague’s claim details with “Keep mine”', () => {
    const base = { ...EMPTY_DRAFT, verdict: 'unverifiable', rationale: 'first pass' };
    const theirs = { ...base, rationale: 'Eli', claimAppearanceUrl: 'https://example.org/first-said' };
    const merge = mergeFields(base, { ...base, rationale: 'Rhea' }, theirs);
    expect(merge.conflicts).toEqual(['rationale']);
    expect(merge.theirs).toEqual(['claimAppearanceUrl']);
    expect(resolveMerge(merge, 'yours')).toEqual({ ...theirs, rationale: 'Rhea' });
    expect(resolveMerge(merge, 'theirs')).toEqual(theirs);
  });
});
