// What the annotation form is showing: a new annotation on a selection, or an
// existing one, with the text being written and why the last save failed.
import type { AnnotationView } from '@/server/domain/annotation';
import type { AnnotationDraft } from '../annotation-draft';
import type { PendingEvidence } from './form-drafts';
import type { FieldMerge, FormBase } from './merge-fields';
import type { Anchor } from '../store/types';

/** How the form came back from a kept draft or a refusal (see useDraftedForm). */
export interface DraftedExtras {
  /** The form shows a kept draft, not what is saved. */
  restored?: boolean;
  pending?: PendingEvidence;
  /** Edit: the annotation as saved when the kept draft was written. */
  base?: AnnotationDraft;
  /** The refusal is cured by loading the article again. */
  reload?: boolean;
  saveLabel?: string;
  /** New annotation whose text is gone from the article: it needs a new selection before it can be saved. */
  needsAnchor?: boolean;
}

export type FormState =
  | { mode: 'create'; id: string; anchor: Anchor; draft: AnnotationDraft; serverError: string | null; drafted?: DraftedExtras }
  | {
      mode: 'edit';
      id: string;
      draft: AnnotationDraft;
      serverError: string | null;
      /** The version the form started from: a save says it edited this one, and merges with anything newer (merge-fields.ts). */
      base: FormBase;
      /** Someone saved a newer version that changed a field this form changed too: theirs, to compare. */
      conflict?: AnnotationView;
      /** How the two versions merged: what was kept from whom, and the fields waiting for a decision. */
      merge?: FieldMerge;
      drafted?: DraftedExtras;
    };
