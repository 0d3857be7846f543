// What the annotation form edits, as plain data: the store saves it and the
// form shows it, so it lives apart from both (the store imports no UI).
import type { AnnotationView, EvidenceView } from '@/server/domain/annotation';

export interface AnnotationDraft {
  verdict: string;
  rationale: string;
  evidence: EvidenceView[];
  claimSummary: string;
  claimAuthor: string;
  claimAppearanceUrl: string;
  claimAppearanceDate: string;
}

export const EMPTY_DRAFT: AnnotationDraft = {
  verdict: '',
  rationale: '',
  evidence: [],
  claimSummary: '',
  claimAuthor: '',
  claimAppearanceUrl: '',
  claimAppearanceDate: '',
};

export function draftOf(a: AnnotationView): AnnotationDraft {
  return {
    verdict: a.verdict,
    rationale: a.rationale,
    evidence: a.evidence,
    claimSummary: a.claimSummary,
    claimAuthor: a.claimAuthor ?? '',
    claimAppearanceUrl: a.claimAppearanceUrl ?? '',
    claimAppearanceDate: a.claimAppearanceDate ?? '',
  };
}

/** The draft as the fields of an AnnotationView, for showing it before the server answers. */
export function viewFieldsOf(draft: AnnotationDraft) {
  const orNull = (v: string) => v.trim() || null;
  return {
    ...draft,
    claimSummary: draft.claimSummary.trim(),
    claimAuthor: orNull(draft.claimAuthor),
    claimAppearanceUrl: orNull(draft.claimAppearanceUrl),
    claimAppearanceDate: orNull(draft.claimAppearanceDate),
  };
}
