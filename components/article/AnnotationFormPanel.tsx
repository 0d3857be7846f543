'use client';
// The open annotation beside its claim: the two versions when a save met a
// newer one, the form, and (for a saved annotation) its sign-off, history and
// discussion. One waiting for this person's sign-off opens in review mode
// (ReviewReadView) until they choose Edit.
import { useState, type RefObject } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import type { Actor } from '@/server/domain/roles';
import type { Verdict } from '@/server/domain/verdicts';
import { draftOf, type AnnotationDraft } from '../annotations/annotation-draft';
import { AnnotationPanel } from '../annotations/AnnotationPanel';
import { AnnotationForm } from '../annotations/form/AnnotationForm';
import { ConflictVersions } from '../annotations/form/ConflictVersions';
import { sameDraft } from '../annotations/form/form-drafts';
import type { FormState } from '../annotations/form/form-state';
import { resolveMerge } from '../annotations/form/merge-fields';
import type { useDraftedForm } from '../annotations/form/useDraftedForm';
import type { ArticleViewHandle } from '../editor/ArticleView';
import { EditingNotice } from '../live/EditingNotice';
import { AnnotationReview } from '../review/AnnotationReview';
import { waitsFor } from '../review/review-queue';
import { ReviewReadView } from '../review/ReviewReadView';
import { needsRecheck, QuoteRecheck } from '../recheck/QuoteRecheck';
import { CheckedBefore } from '../search/CheckedBefore';
import { errorMessage, useTRPCClient } from '../ui/trpc';
import { usePanelPlacement } from './usePanelPlacement';

interface Props {
  articleId: number;
  form: FormState;
  setForm: (form: FormState | null) => void;
  drafted: ReturnType<typeof useDraftedForm>;
  viewRef: RefObject<ArticleViewHandle | null>;
  /** The open annotation's full version (an edit form has it; a new annotation has none yet). */
  current: AnnotationView | undefined;
  /** Why this person may only look at the open annotation; null when they may edit it. */
  readOnly: string | null;
  viewer: Actor;
  verdicts: Verdict[];
  verdictMap: Map<string, Verdict>;
  allowSelfApproval: boolean;
  /** No saves on their way: sign-off steps act on what the server has. */
  ready: boolean;
  onSave: (state: FormState, draft: AnnotationDraft) => void;
  onDelete: (id: string) => void;
  /** Accept where a revision put a moved or fuzzy annotation (the same step as the list's button). */
  onConfirmAnchor: (id: string) => void;
  /** A review step or a kept version changed the annotation on the server; `said` tells the reviewer. */
  onChanged: (view: AnnotationView | null, said: string) => void;
  /** "… and next": open the next annotation waiting for this person's sign-off after `fromId`. */
  onNext: (fromId: string) => void;
}

export function AnnotationFormPanel(props: Props) {
  const { form, setForm, drafted, viewRef, current, readOnly, viewer, verdicts, verdictMap, onSave, onDelete, onChanged } = props;
  const client = useTRPCClient();
  const [discarding, setDiscarding] = useState(false);
  /** The annotation this person chose to Edit rather than review. */
  const [editingId, setEditingId] = useState<string | null>(null);
  // Bumped when an answer changed the verdict on the server: the form starts again from the saved version.
  const [reopened, setReopened] = useState(0);
  const placement = usePanelPlacement(viewRef, form);

  /**
   * "Keep theirs": their version of every field both changed. The server's history keeps the version given up; the
   * changes only this reviewer made (kept in the merge) are then saved over theirs, or the form closes on their version.
   */
  async function keepTheirs(state: Extract<FormState, { mode: 'edit' }>, theirs: AnnotationView) {
    setDiscarding(true);
    try {
      const { verdict, rationale, evidence, ...claim } = state.draft;
      await client.annotation.discardVersion.mutate({
        id: state.id,
        verdict,
        rationale,
        evidence: evidence.map((e) => ({ url: e.url, title: e.title })),
        ...claim,
      });
      const kept = state.merge ? resolveMerge(state.merge, 'theirs') : draftOf(theirs);
      if (!sameDraft(kept, draftOf(theirs))) return onSave(state, kept);
      setForm(null);
      drafted.dropDraftOf(state.id);
      onChanged(null, 'Kept their version. Yours is in the history.');
    } catch (error) {
      setForm({ ...state, serverError: errorMessage(error) });
    } finally {
      setDiscarding(false);
    }
  }

  const close = () => {
    drafted.close();
    viewRef.current?.focus();
  };
  // Review mode only for a clean form: a refused save, a conflict or a kept draft is writing in progress, shown as the form.
  // A quote changed by a revision asks "is the verdict still right?" first, which the form shows above its fields.
  const reviewing =
    form.mode === 'edit' &&
    current &&
    current.version > 0 &&
    !needsRecheck(current) &&
    editingId !== form.id &&
    !form.serverError &&
    !form.conflict &&
    !form.drafted?.restored &&
    waitsFor(viewer, current, { allowSelfApproval: props.allowSelfApproval });
  if (reviewing) {
    return (
      <AnnotationPanel placeKey={placement.placeKey} claimRect={placement.claimRect}>
        <ReviewReadView
          key={`${current.id}:${drafted.opened}`}
          annotation={current}
          viewer={viewer}
          verdict={verdictMap.get(current.verdict)}
          allowSelfApproval={props.allowSelfApproval}
          ready={props.ready}
          onChanged={onChanged}
          onNext={() => props.onNext(current.id)}
          onEdit={() => setEditingId(current.id)}
          onClose={close}
        />
      </AnnotationPanel>
    );
  }

  const quote = form.mode === 'create' ? form.anchor.exact : (current?.exact ?? '');
  return (
    <AnnotationPanel placeKey={placement.placeKey} claimRect={placement.claimRect}>
      {form.mode === 'edit' && form.conflict && current && (
        <ConflictVersions
          theirs={form.conflict}
          yours={form.draft}
          merge={form.merge}
          yourName={viewer.name}
          verdicts={verdictMap}
          onKeepMine={() => onSave(form, form.draft)}
          onKeepTheirs={() => (discarding || !form.conflict ? undefined : keepTheirs(form, form.conflict))}
        />
      )}
      {form.mode === 'edit' && <EditingNotice annotationId={form.id} readOnly={readOnly !== null} />}
      {form.mode === 'edit' && current && needsRecheck(current) && (
        <QuoteRecheck
          key={`${current.id}:${current.version}`}
          annotation={current}
          verdicts={verdicts}
          mayChange={readOnly === null}
          ready={props.ready}
          onConfirmPosition={props.onConfirmAnchor}
          onAnswered={(view, said) => {
            onChanged(view, said);
            if (view.verdict !== current.verdict) {
              drafted.open(view);
              setReopened((n) => n + 1);
            }
          }}
        />
      )}
      <AnnotationForm
        // Not keyed by mode: a new annotation that is saved becomes an edit of itself without losing focus or place.
        key={`${form.id}:${drafted.opened}:${form.serverError ?? ''}:${form.drafted?.restored ? 'draft' : ''}:${reopened}`}
        mode={form.mode}
        quote={quote}
        initial={form.draft}
        verdicts={verdicts}
        readOnly={readOnly}
        serverError={form.serverError}
        {...drafted.formProps(form)}
        onSave={(draft) => onSave(form, draft)}
        onCancel={close}
        onDelete={form.mode === 'edit' ? () => onDelete(form.id) : undefined}
        assist={(fill) => (
          <CheckedBefore
            articleId={props.articleId}
            annotationId={form.mode === 'edit' ? form.id : undefined}
            // Earlier checks help while a claim is being written; past the draft they would only distract the sign-off.
            text={form.mode === 'create' || current?.status === 'draft' ? quote : ''}
            verdictLabels={Object.fromEntries(verdicts.map((v) => [v.key, v.label]))}
            onUse={fill}
          />
        )}
      />
      {/* Its discussion and sign-off once the server has it (a new one is saving until then). */}
      {form.mode === 'edit' && current && current.version > 0 && (
        <AnnotationReview
          key={`${form.id}:${drafted.opened}`}
          annotation={current}
          viewer={viewer}
          allowSelfApproval={props.allowSelfApproval}
          ready={props.ready}
          onChanged={onChanged}
        />
      )}
    </AnnotationPanel>
  );
}
