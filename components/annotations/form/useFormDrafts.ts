'use client';
// The open form's text, written to the browser as it is typed (a moment after
// the last keystroke, and at once when the page is hidden or left), and the
// list of drafts kept for this article. See form-drafts.ts for the storage.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AnnotationDraft } from './AnnotationForm';
import {
  browserStorage,
  FormDrafts,
  isUnchanged,
  NO_PENDING,
  sameRef,
  type DraftAnchor,
  type DraftRef,
  type FormContent,
  type KeptDraft,
} from './form-drafts';

/** Long enough not to write on every keystroke, short enough that a crash loses a word at most. */
const WRITE_DELAY_MS = 400;

export interface TrackedForm {
  ref: DraftRef;
  anchor: DraftAnchor;
  /** Edits: the annotation as saved when the form opened (see KeptDraft.base). */
  base: AnnotationDraft | null;
  /** The annotation as stored (an empty form for a new one); null when there is none any more. */
  saved: AnnotationDraft | null;
}

export function useFormDrafts(articleId: number) {
  const drafts = useMemo(() => new FormDrafts(typeof window === 'undefined' ? null : browserStorage(), articleId), [articleId]);
  const [kept, setKept] = useState<KeptDraft[]>([]);
  // The open form and its latest content; `dirty` until written.
  const current = useRef<{ form: TrackedForm; content: FormContent; dirty: boolean } | null>(null);
  const timer = useRef<number | null>(null);

  const refresh = useCallback(() => setKept(drafts.list()), [drafts]);

  const flush = useCallback(() => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    const open = current.current;
    if (!open?.dirty) return;
    open.dirty = false;
    const { form, content } = open;
    if (isUnchanged(content, form.saved)) drafts.remove(form.ref);
    else drafts.put(form.ref, { ...content, anchor: form.anchor, base: form.base });
    refresh();
  }, [drafts, refresh]);

  // Read after mount: the server render has no storage. Write before the page goes away or into the background.
  // Another tab of the same article may keep or clear drafts too: follow it.
  useEffect(() => {
    refresh();
    window.addEventListener('storage', refresh);
    const onHidden = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      flush();
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('storage', refresh);
      document.removeEventListener('visibilitychange', onHidden);
    };
  }, [refresh, flush]);

  /** The open form's content changed (or the form opened): write it a moment later. */
  const track = useCallback(
    (form: TrackedForm, content: FormContent) => {
      current.current = { form, content, dirty: true };
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = window.setTimeout(flush, WRITE_DELAY_MS);
    },
    [flush],
  );

  /**
   * The form closes without saving (Escape, Cancel, another annotation opened):
   * writes what is pending and says whether a draft is kept for it.
   */
  const close = useCallback((): KeptDraft | null => {
    flush();
    const open = current.current;
    current.current = null;
    return open ? drafts.get(open.form.ref) : null;
  }, [drafts, flush]);

  /** The form is being saved: keep exactly what is sent until the server confirms it (see saved). */
  const keepWhileSaving = useCallback(
    (form: TrackedForm, draft: AnnotationDraft) => {
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = null;
      current.current = null;
      drafts.put(form.ref, { draft, pending: NO_PENDING, anchor: form.anchor, base: form.base });
      refresh();
    },
    [drafts, refresh],
  );

  /** The server confirmed a save of annotation `id`. */
  const saved = useCallback(
    (id: string, draft: AnnotationDraft) => {
      if (drafts.removeIfSaved(id, draft)) refresh();
    },
    [drafts, refresh],
  );

  /** Thrown away on purpose (Discard, Keep theirs, the annotation deleted). */
  const discard = useCallback(
    (ref: DraftRef) => {
      if (current.current && sameRef(current.current.form.ref, ref)) current.current.dirty = false;
      drafts.remove(ref);
      refresh();
    },
    [drafts, refresh],
  );

  /** The same text under another key: an edit whose annotation is gone becomes a new annotation, a new one moves anchor. */
  const move = useCallback(
    (from: DraftRef, to: TrackedForm, content: FormContent) => {
      drafts.put(to.ref, { ...content, anchor: to.anchor, base: to.base });
      if (!sameRef(from, to.ref)) drafts.remove(from);
      refresh();
    },
    [drafts, refresh],
  );

  return {
    kept,
    get: useCallback((ref: DraftRef) => drafts.get(ref), [drafts]),
    /** The open form's latest content, written or not. */
    content: useCallback(() => current.current?.content ?? null, []),
    /** False when the browser keeps nothing across a reload (storage off or full): leaving must ask then. */
    persistent: () => drafts.persistent,
    track,
    close,
    keepWhileSaving,
    saved,
    discard,
    move,
  };
}
