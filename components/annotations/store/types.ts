// The words the annotation store and the page share: where an annotation sits,
// what the page holds of it, and a save the server refused.
import type { AnnotationView } from '@/server/domain/annotation';
import type { AnnotationSummary } from '@/server/domain/annotation-index';
import type { AnnotationDraft } from '../annotation-draft';
import type { FormBase } from '../form/merge-fields';

export interface Anchor {
  from: number;
  to: number;
  exact: string;
}

/** An annotation as the page holds it: its summary, and its full version when loaded. */
export interface Held {
  summary: AnnotationSummary;
  view: AnnotationView | null;
}

/** A save the server refused, handed back so that nothing typed is lost (`error` says why, for the page to explain). */
export type Refusal =
  | { kind: 'create'; id: string; anchor: Anchor; draft: AnnotationDraft; message: string; error: unknown }
  | {
      kind: 'update';
      id: string;
      draft: AnnotationDraft;
      message: string;
      error: unknown;
      theirs?: AnnotationView;
      previous: AnnotationView;
      /** The version the refused save was written from: what a merge with `theirs` compares against. */
      base: FormBase;
    }
  /** Nothing typed to give back (a delete, a re-attach…): only the sentence, and which annotation it was about. */
  | { kind: 'other'; message: string; id?: string };

/** How the status line and messages name an annotation: by the start of its quote. */
export const quoteLabel = (text: string) => `annotation on “${text.length > 40 ? `${text.slice(0, 39)}…` : text}”`;
