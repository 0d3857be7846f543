'use client';
// Opening, closing and saving the annotation form so that nothing typed is
// lost: the open form's text is kept as a draft (useFormDrafts) until it is
// saved or discarded; closing the form keeps it and says so; opening the
// annotation again brings it back. A refused save is explained in people's
// words (save-refusals.ts), with the text still in the form.
import { useEffect, useMemo, useState } from 'react';
import type { Node as PMNode } from 'prosemirror-model';
import type { AnnotationView } from '@/server/domain/annotation';
import { draftOf, EMPTY_DRAFT, type AnnotationDraft } from '../annotation-draft';
import { isUnchanged, NO_PENDING, sameDraft, type DraftRef, type FormContent, type KeptDraft } from './form-drafts';
import type { FormState } from './form-state';
import { FIELD_LABELS, mergeFields, type FieldMerge, type FormBase } from './merge-fields';
import { GONE_MESSAGE, GONE_TEXT_MISSING, placeOnPage, refusalKind, STALE_MESSAGE, TEXT_MISSING } from '../save-refusals';
import { quoteLabel, type Anchor, type Refusal } from '../store/types';
import { useFormDrafts, type TrackedForm } from './useFormDrafts';

interface Options {
  articleId: number;
  /** The article as this page shows it: kept drafts are placed on it. */
  doc: PMNode;
  /** `has`: the annotation is on the page; `get`: its full version, when loaded (always, for the one open in the form). */
  annotations: { has(id: string): boolean; get(id: string): AnnotationView | undefined };
  form: FormState | null;
  setForm: (form: FormState | null) => void;
}

const SAVE_AS_NEW = 'Save as new annotation';

const baseOf = (view: AnnotationView): FormBase => ({ version: view.version, draft: draftOf(view) });

/** "the verdict and the claim summary", for sentences. */
function fieldList(fields: readonly (keyof typeof FIELD_LABELS)[]): string {
  const names = fields.map((f) => `the ${FIELD_LABELS[f].toLowerCase()}`);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? 'nothing');
}

/** What waits for the reviewer after a merge, and what was kept without asking. */
function decisionHint(merge: FieldMerge): string {
  if (merge.conflicts.length === 0) return 'Their changes are merged into the form with yours: save it again.';
  const kept = merge.theirs.length > 0 ? ` Their change to ${fieldList(merge.theirs)} is kept in the form with yours.` : '';
  return `You both changed ${fieldList(merge.conflicts)}: keep yours, keep theirs, or edit the form into a merged text and save.${kept}`;
}

export function useDraftedForm({ articleId, doc, annotations, form, setForm }: Options) {
  const drafts = useFormDrafts(articleId);
  const [justKept, setJustKept] = useState<KeptDraft | null>(null);
  /** Counts openings: opening the annotation that is already open (Save keeps it open) starts its form afresh, focus included. */
  const [opened, setOpened] = useState(0);

  const refOf = (state: FormState): DraftRef =>
    state.mode === 'create' ? { kind: 'create', id: state.id, anchor: state.anchor } : { kind: 'edit', id: state.id };

  function tracked(state: FormState): TrackedForm {
    if (state.mode === 'create') return { ref: refOf(state), anchor: state.anchor, base: null, saved: EMPTY_DRAFT };
    const current = annotations.get(state.id);
    const anchor = current
      ? { from: current.from, to: current.to, exact: current.exact }
      : (drafts.get(refOf(state))?.anchor ?? { from: 0, to: 0, exact: '' });
    const saved = current ? draftOf(current) : null;
    // The version the form started from, not the one shown now: a version restored or saved elsewhere meanwhile must
    // read as a change made since, when the kept draft comes back.
    return { ref: refOf(state), anchor, base: state.base.draft, saved };
  }

  /** Closes the open form's draft: written, and said when there is one. */
  function leave() {
    const kept = drafts.close();
    setJustKept(kept);
  }

  /** The form for an existing annotation: its kept draft if there is one. */
  function editState(current: AnnotationView): FormState {
    const ref: DraftRef = { kind: 'edit', id: current.id };
    const kept = drafts.get(ref);
    const base = baseOf(current);
    if (!kept || isUnchanged(kept, draftOf(current))) {
      if (kept) drafts.discard(ref);
      return { mode: 'edit', id: current.id, draft: draftOf(current), serverError: null, base };
    }
    const drafted = { restored: true, pending: kept.pending, base: kept.base ?? undefined };
    // Someone changed it after the draft was written: merged field by field, as when a save meets a newer version.
    if (kept.base && !sameDraft(kept.base, draftOf(current))) {
      const who = current.updatedBy ?? current.author;
      const merge = mergeFields(kept.base, kept.draft, draftOf(current));
      if (merge.conflicts.length === 0) {
        const serverError = `${who} changed ${fieldList(merge.theirs)} after you wrote this draft: their change is in the form with yours.`;
        return { mode: 'edit', id: current.id, draft: merge.draft, serverError, base, drafted };
      }
      const serverError = `${who} changed this annotation after you wrote this draft. ${decisionHint(merge)}`;
      return { mode: 'edit', id: current.id, draft: merge.draft, serverError, base, conflict: current, merge, drafted };
    }
    return { mode: 'edit', id: current.id, draft: kept.draft, serverError: null, base, drafted };
  }

  /**
   * A kept draft without an annotation (a new one, or one deleted meanwhile)
   * as a new-annotation form, placed on the text as it is now. `refused` when
   * it comes straight from a refused save rather than back from storage.
   */
  function looseState(kept: KeptDraft, refused = false): FormState {
    const placed = placeOnPage(doc, kept.anchor);
    const gone = kept.ref.kind === 'edit';
    const state: FormState = {
      mode: 'create',
      id: gone ? crypto.randomUUID() : kept.ref.id,
      anchor: placed ?? kept.anchor,
      draft: kept.draft,
      serverError: placed ? (gone ? GONE_MESSAGE : null) : gone ? GONE_TEXT_MISSING : TEXT_MISSING,
      drafted: { restored: !refused, pending: kept.pending, saveLabel: gone ? SAVE_AS_NEW : undefined, needsAnchor: !placed },
    };
    drafts.move(kept.ref, tracked(state), kept);
    return state;
  }

  function open(current: AnnotationView) {
    leave();
    setOpened((n) => n + 1);
    setForm(editState(current));
  }

  function openKept(kept: KeptDraft) {
    leave();
    setOpened((n) => n + 1);
    setForm(looseState(kept));
  }

  /** A new annotation on `anchor`; a kept one on the same text comes back instead of an empty form. */
  function start(anchor: Anchor) {
    const open = form;
    // The open form waits for new text (its own is gone): the selection is where its text goes.
    if (open?.mode === 'create' && open.drafted?.needsAnchor) {
      const content: FormContent = drafts.content() ?? { draft: open.draft, pending: open.drafted.pending ?? NO_PENDING };
      drafts.close();
      const next: FormState = {
        ...open,
        anchor,
        draft: content.draft,
        serverError: null,
        drafted: { ...open.drafted, pending: content.pending, needsAnchor: false },
      };
      drafts.move(refOf(open), tracked(next), content);
      setForm(next);
      return;
    }
    leave();
    const same = drafts.kept.find(
      (d) => d.ref.kind === 'create' && d.anchor.from === anchor.from && d.anchor.to === anchor.to && !annotations.has(d.ref.id),
    );
    setForm(same ? looseState(same) : { mode: 'create', id: crypto.randomUUID(), anchor, draft: EMPTY_DRAFT, serverError: null });
  }

  function close() {
    leave();
    setForm(null);
  }

  /** Saving: the text stays kept until the server confirms it (store option onSaved). */
  function saving(state: FormState, draft: AnnotationDraft) {
    drafts.keepWhileSaving(tracked(state), draft);
    setJustKept(null);
  }

  /** Saved: the form stays open on the annotation as saved (a new one becomes an edit), based on that version. */
  function afterSave(shown: AnnotationView): FormState {
    return { mode: 'edit', id: shown.id, draft: draftOf(shown), serverError: null, base: baseOf(shown) };
  }

  /**
   * The open form holds nothing of its own: an edit opened on what is saved (no kept draft, refusal or merge), with
   * nothing typed since. Others' changes to it may then come in; otherwise they wait (see useAnnotationWiring).
   */
  function isClean(state: FormState): boolean {
    if (state.mode !== 'edit' || state.serverError || state.conflict || state.merge || state.drafted?.restored) return false;
    const typed = drafts.content();
    return typed === null || isUnchanged(typed, state.draft);
  }

  /** A clean form (isClean) on a newer saved version: the same form, now showing and based on it. */
  function rebase(state: Extract<FormState, { mode: 'edit' }>, current: AnnotationView): FormState {
    return { ...state, draft: draftOf(current), base: baseOf(current) };
  }

  /** "Discard draft" in the form: back to what is saved. */
  function discardOpen(state: FormState) {
    drafts.discard(refOf(state));
    const current = state.mode === 'edit' ? annotations.get(state.id) : undefined;
    if (state.mode === 'edit') {
      setForm(current ? { mode: 'edit', id: state.id, draft: draftOf(current), serverError: null, base: baseOf(current) } : null);
    } else setForm({ mode: 'create', id: state.id, anchor: state.anchor, draft: EMPTY_DRAFT, serverError: null });
  }

  function discardKept(kept: KeptDraft) {
    drafts.discard(kept.ref);
    if (justKept?.ref.id === kept.ref.id) setJustKept(null);
  }

  /** The annotation was deleted here on purpose, or its other version kept: its draft goes too. */
  function dropDraftOf(id: string) {
    drafts.discard({ kind: 'edit', id });
    if (justKept?.ref.id === id) setJustKept(null);
  }

  /** The form to show after a refused save, with the reason in words for people (`sentence`, for when the form cannot be shown). */
  function afterRefusal(refusal: Exclude<Refusal, { kind: 'other' }>): { state: FormState; sentence: string } {
    const kind = refusalKind(refusal.kind, refusal.error);
    // Ids and positions help whoever debugs, not the reviewer: the console has them.
    if (kind !== 'other') console.info(`Save refused (${kind}): ${refusal.message}`);
    if (refusal.kind === 'create') {
      const stale = kind === 'stale';
      const state: FormState = {
        mode: 'create',
        id: refusal.id,
        anchor: refusal.anchor,
        draft: refusal.draft,
        serverError: stale ? STALE_MESSAGE : refusal.message,
        drafted: { reload: stale },
      };
      return { state, sentence: state.serverError! };
    }
    if (kind === 'gone') {
      const { from, to, exact, anchorStatus } = refusal.previous;
      const kept: KeptDraft = {
        ref: { kind: 'edit', id: refusal.id },
        anchor: anchorStatus === 'orphaned' ? { from: 0, to: 0, exact } : { from, to, exact },
        draft: refusal.draft,
        pending: NO_PENDING,
        base: null,
        keptAt: new Date().toISOString(),
      };
      const state = looseState(kept, true);
      // Said in the page's alert when another form is open: the text then waits in its notice, not "below".
      return {
        state,
        sentence: `Someone deleted the ${quoteLabel(exact)} while you were editing it. Your text is kept: “Open it” beside it saves it as a new annotation.`,
      };
    }
    const { theirs } = refusal;
    if (!theirs) {
      // Their version could not be read: the form keeps its base, so the next save meets the newer version again.
      const serverError = `${refusal.message} Save again to merge yours with the newer version.`;
      return { state: { mode: 'edit', id: refusal.id, draft: refusal.draft, serverError, base: refusal.base }, sentence: serverError };
    }
    // Merged with theirs: what only one side changed is in the form already; the form is now based on their version.
    const merge = mergeFields(refusal.base.draft, refusal.draft, draftOf(theirs));
    const serverError = `${refusal.message} ${decisionHint(merge)}`;
    return {
      state: { mode: 'edit', id: refusal.id, draft: merge.draft, serverError, base: baseOf(theirs), conflict: theirs, merge },
      sentence: serverError,
    };
  }

  // A new annotation whose save went through just before the page was left: its draft is the saved text.
  const { kept: allKept, discard } = drafts;
  useEffect(() => {
    for (const kept of allKept) {
      const saved = kept.ref.kind === 'create' ? annotations.get(kept.ref.id) : undefined;
      if (saved && saved.version > 0 && isUnchanged(kept, draftOf(saved))) discard(kept.ref);
    }
  }, [allKept, annotations, discard]);

  const openId = form?.id ?? null;
  /** Kept drafts with no annotation to open them from: new ones, and those whose annotation was deleted. */
  const loose = drafts.kept.filter((d) => d.ref.id !== openId && !annotations.has(d.ref.id));
  // The same set while the drafts and the annotations stay the same: the list it goes to re-renders only when it changes.
  const withDrafts = useMemo(
    () => new Set(drafts.kept.filter((d) => d.ref.kind === 'edit' && annotations.has(d.ref.id)).map((d) => d.ref.id)),
    [drafts.kept, annotations],
  );
  /**
   * Annotations whose changes here wait for the reviewer's decision: not saved yet. The open form when its last save
   * was refused (a conflict, the article changed, its text gone: the reason is in the form) or it holds a merge to save;
   * kept drafts whose annotation changed a field they changed too.
   */
  const awaitingDecision = useMemo(() => {
    const waiting = new Set<string>();
    if (form?.serverError || (form?.mode === 'edit' && form.merge && form.merge.conflicts.length > 0)) waiting.add(form.id);
    for (const kept of drafts.kept) {
      if (kept.ref.kind !== 'edit' || kept.ref.id === openId || !kept.base) continue;
      const current = annotations.get(kept.ref.id);
      if (current && mergeFields(kept.base, kept.draft, draftOf(current)).conflicts.length > 0) waiting.add(kept.ref.id);
    }
    return [...waiting];
  }, [form, openId, drafts.kept, annotations]);
  const shownKept = justKept && justKept.ref.id !== openId && drafts.kept.some((d) => d.ref.id === justKept.ref.id) ? justKept : null;

  /** The AnnotationForm props that keep and restore its draft. */
  function formProps(state: FormState) {
    return {
      initialPending: state.drafted?.pending,
      onContentChange: (content: FormContent) => drafts.track(tracked(state), content),
      restored: state.drafted?.restored ?? false,
      onDiscardDraft: () => discardOpen(state),
      saveLabel: state.drafted?.saveLabel,
      canSave: !state.drafted?.needsAnchor,
      errorAction: state.drafted?.reload ? { label: 'Reload', onClick: () => window.location.reload() } : null,
    };
  }

  return {
    open,
    openKept,
    start,
    close,
    saving,
    afterSave,
    isClean,
    rebase,
    opened,
    discardKept,
    dropDraftOf,
    afterRefusal,
    formProps,
    /** The server confirmed a save: the store's onSaved. */
    saved: drafts.saved,
    persistent: drafts.persistent,
    loose,
    withDrafts,
    awaitingDecision,
    justKept: shownKept,
  };
}
