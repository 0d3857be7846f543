'use client';
// Joins the annotation store to the form: a refused save comes back as the
// form (or, when another form is open, as a sentence and a kept draft); a
// confirmed save lets its kept draft go; others' changes to the open
// annotation come in while its form holds nothing unsaved (the form shows them
// in place), and are held back until it closes once something is typed there
// (a save then meets the newer version and merges).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Node as PMNode } from 'prosemirror-model';
import type { AnnotationView } from '@/server/domain/annotation';
import type { AnnotationIndex, AnnotationSummary } from '@/server/domain/annotation-index';
import { textBetween } from '@/server/domain/plain-text';
import type { FormState } from '../annotations/form/form-state';
import { useDraftedForm } from '../annotations/form/useDraftedForm';
import { useAnnotationStore } from '../annotations/useAnnotationStore';

interface Options {
  article: { id: number; revision: number };
  viewerId: string;
  doc: PMNode;
  initialIndex: AnnotationIndex;
  initialDetails: AnnotationView[];
  /** Something failed that has no form to show it in; `annotationId` when it was about one annotation. */
  onAlert: (message: string, annotationId?: string) => void;
}

export function useAnnotationWiring({ article, viewerId, doc, initialIndex, initialDetails, onAlert }: Options) {
  const [form, setForm] = useState<FormState | null>(null);
  const formRef = useRef<FormState | null>(null);
  formRef.current = form;

  // Quotes in the list are read from the page's article (the index carries none).
  const quoteOf = useCallback((a: AnnotationSummary) => a.exact ?? textBetween(doc, a.from, a.to), [doc]);

  const wired = useAnnotationStore({
    article,
    viewerId,
    initialIndex,
    initialDetails,
    quoteOf,
    isOpen: (id) => formRef.current?.id === id && !drafted.isClean(formRef.current),
    onRefused: (refusal) => {
      if (refusal.kind === 'other') return onAlert(refusal.message, refusal.id);
      const { state, sentence } = drafted.afterRefusal(refusal);
      // The form still open on the refused annotation (Save keeps it open) shows why. Never replace a form on another
      // one the reviewer is filling in: say what failed instead (the text is kept as a draft).
      if (formRef.current && formRef.current.id !== refusal.id) onAlert(`Could not save an annotation: ${sentence}`);
      else setForm(state);
    },
    onSaved: (id, draft) => drafted.saved(id, draft),
  });
  const { annotations, store } = wired;
  const lookup = useMemo(
    () => ({ has: (id: string) => annotations.byId.has(id), get: (id: string) => annotations.details.get(id) }),
    [annotations],
  );
  const drafted = useDraftedForm({ articleId: article.id, doc, annotations: lookup, form, setForm });

  // A form being filled in is work too: ask before leaving unless its draft survives a reload (the store guards pending saves).
  const draftsPersist = drafted.persistent;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the drafts' storage is fixed for the life of the page.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (formRef.current && !draftsPersist()) {
        event.preventDefault();
        event.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  // Others' changes to the annotation that was open waited for the form to close.
  const openId = form?.id ?? null;
  useEffect(() => {
    if (openId === null) store.recheckDeferred();
  }, [openId, store]);

  // A newer version of the open annotation (a colleague's change, or this page's own save answered) reaches a clean form
  // in place, which is then based on it.
  const openNow = form?.mode === 'edit' ? annotations.details.get(form.id) : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the newer version is the trigger; the form is read fresh.
  useEffect(() => {
    if (!openNow) return;
    // An updater, not the form this render saw: another annotation may have been opened since ("Approve and next"
    // opens the next one while this newer version is on its way), and that one must not be replaced by this one.
    setForm((open) =>
      open?.mode === 'edit' && open.id === openNow.id && openNow.version > open.base.version && drafted.isClean(open)
        ? drafted.rebase(open, openNow)
        : open,
    );
  }, [openNow]);

  return { ...wired, form, setForm, drafted, quoteOf };
}
