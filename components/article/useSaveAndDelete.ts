'use client';
// Saving the form and deleting an annotation, so that the click itself stays
// short on a long article: the highlight changes in the click's own task, the
// rest of the page catches up in a transition. Saving keeps the place: the
// panel stays open on what was saved, with its discussion (Escape or Close
// closes it). A delete offers Undo.
import { startTransition, useRef, type Dispatch, type RefObject, type SetStateAction } from 'react';
import type { AnnotationSummary } from '@/server/domain/annotation-index';
import type { Actor } from '@/server/domain/roles';
import type { AnnotationDraft } from '../annotations/annotation-draft';
import { focusAfterDelete } from '../annotations/focus-after-delete';
import type { FormState } from '../annotations/form/form-state';
import type { useDraftedForm } from '../annotations/form/useDraftedForm';
import type { AnnotationStore } from '../annotations/store/AnnotationStore';
import type { Held } from '../annotations/store/types';
import type { ArticleViewHandle } from '../editor/ArticleView';
import { stateInWords } from '../editor/state-in-words';

interface Options {
  store: AnnotationStore;
  drafted: ReturnType<typeof useDraftedForm>;
  setForm: Dispatch<SetStateAction<FormState | null>>;
  viewRef: RefObject<ArticleViewHandle | null>;
  viewer: Actor;
  /** The annotations on the text and the orphans, in order: focus moves to a neighbour after a delete. */
  sorted: AnnotationSummary[];
  orphans: AnnotationSummary[];
  setPageAlert: (message: string | null) => void;
  setUndo: (deleted: Held | null) => void;
}

/** How long Undo waits for the restored annotation's row before focusing the article instead. */
const ROW_WAIT_MS = 2_000;

export function useSaveAndDelete({ store, drafted, setForm, viewRef, viewer, sorted, orphans, setPageAlert, setUndo }: Options) {
  // The form becomes the saved annotation's a moment after Save (in a transition): a second click meanwhile must not save it again.
  const savedForm = useRef<FormState | null>(null);

  function save(state: FormState, draft: AnnotationDraft) {
    if (savedForm.current === state) return;
    savedForm.current = state;
    // The highlight first, in the click's own task and one view update: the page's re-render then finds it drawn.
    const shown =
      state.mode === 'create'
        ? { ...state.anchor, status: 'draft' as const, anchorStatus: 'exact' as const }
        : store.getSnapshot().annotations.byId.get(state.id);
    if (shown && shown.anchorStatus !== 'orphaned') {
      viewRef.current?.settleSave({
        upsert: { id: state.id, from: shown.from, to: shown.to, verdict: draft.verdict, state: stateInWords(shown), status: shown.status },
        activeId: state.id,
        collapse: state.mode === 'create',
      });
    }
    // The form catches up in a transition, so a long article's page never makes one long task of the click
    // (the draft is written to storage right here).
    startTransition(() => {
      drafted.saving(state, draft);
      setPageAlert(null);
      if (state.mode === 'create') store.create(state.id, state.anchor, draft, viewer);
      else store.update(state.id, draft, viewer, state.base);
      // The store shows the saved copy at once (optimistically): the form now edits that, and a refusal comes back into it.
      const shownNow = store.getSnapshot().annotations.details.get(state.id);
      setForm(shownNow ? drafted.afterSave(shownNow) : null);
    });
  }

  function remove(id: string) {
    // As with a save: the highlight goes in this task, the page catches up in a transition.
    viewRef.current?.applyHighlightChanges({ remove: [id] });
    let deleted: Held | null = null;
    startTransition(() => {
      setForm((f) => (f?.id === id ? null : f));
      drafted.dropDraftOf(id);
      deleted = store.remove(id);
      if (deleted) setUndo(deleted);
    });
    const gone = deleted as Held | null;
    if (!gone) return;
    const neighbours = (gone.summary.anchorStatus === 'orphaned' ? orphans : sorted).map((a) => a.id);
    focusAfterDelete(neighbours, id, () => viewRef.current?.focus());
  }

  function restore(deleted: Held) {
    setUndo(null);
    store.restore(deleted);
    // The Undo button goes with its notice: focus moves to the annotation that came back (its row once drawn), else the article.
    // The list follows the store in a transition, so the row may take a few frames to be drawn: looked for each frame.
    const { id } = deleted.summary;
    const giveUpAt = performance.now() + ROW_WAIT_MS;
    const focusRow = () => {
      const row = document.querySelector<HTMLElement>(`[data-annotation-item="${CSS.escape(id)}"] button`);
      if (row) row.focus();
      else if (performance.now() < giveUpAt) requestAnimationFrame(focusRow);
      else viewRef.current?.focus();
    };
    requestAnimationFrame(focusRow);
  }

  return { save, remove, restore };
}
