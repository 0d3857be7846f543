// Where the annotation panel opens: beside the claim it is about (the new
// annotation's selection, or the open annotation's highlight), placed again
// whenever another annotation opens.
import type { RefObject } from 'react';
import type { FormState } from '../annotations/form/form-state';
import type { ArticleViewHandle } from '../editor/ArticleView';

export function usePanelPlacement(viewRef: RefObject<ArticleViewHandle | null>, form: FormState) {
  return {
    // The id alone: a new annotation that is saved stays where it is (the form becomes its edit form).
    placeKey: form.id,
    claimRect: () => viewRef.current?.rectOf(form.mode === 'create' ? { pos: form.anchor.from } : { id: form.id }) ?? null,
  };
}
