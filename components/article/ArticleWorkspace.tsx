'use client';
// The editor page: the article beside the open annotation and the lists. It
// lays them out and routes what happens between them; each job has its own
// module: the store and its wiring to the form (useAnnotationWiring), the
// lists and highlights (useAnnotationLists), the selection and what the
// toolbar says of it (useSelectionHints), the toolbar (ArticleToolbar), the
// open annotation (AnnotationFormPanel), saving and deleting
// (useSaveAndDelete), keys and links (useWorkspaceKeys). Its length (over 250
// lines) is the page's layout: one place shows where everything sits, and the
// routes between the parts stay simple one-liners.
import { useCallback, useMemo, useRef, useState } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import type { AnnotationIndex, AnnotationSummary } from '@/server/domain/annotation-index';
import type { Node as PMNode } from 'prosemirror-model';
import { can } from '@/server/domain/policy';
import { EDIT_OTHERS_REFUSAL, type Actor } from '@/server/domain/roles';
import type { Verdict } from '@/server/domain/verdicts';
import { ReviewableList } from '../annotations/list/ReviewableList';
import { KeptDrafts } from '../annotations/form/KeptDrafts';
import { NeedsReanchoring } from '../annotations/NeedsReanchoring';
import { findSameSpan, SameSpanQuestion } from '../annotations/SameSpanQuestion';
import type { Held } from '../annotations/store/types';
import { ArticleView, type ArticleViewHandle } from '../editor/ArticleView';
import { stateInWords } from '../editor/state-in-words';
import { LiveDesk } from '../live/LiveDesk';
import { PresenceList } from '../live/PresenceList';
import { ReadyToPublish } from '../review/ReadyToPublish';
import { nextWaiting } from '../review/review-queue';
import { errorMessage } from '../ui/trpc';
import { AnnotationFormPanel } from './AnnotationFormPanel';
import { ArticleDetails } from './ArticleDetails';
import { ArticleRecords } from './ArticleRecords';
import { ArticleToolbar } from './ArticleToolbar';
import { UpdateArticleForm } from './UpdateArticleForm';
import { useAnnotationLists, useListCallbacks } from './useAnnotationLists';
import { useAnnotationWiring } from './useAnnotationWiring';
import { hintText, useSelectionHints } from './useSelectionHints';
import { useSaveAndDelete } from './useSaveAndDelete';
import { useWorkspaceKeys } from './useWorkspaceKeys';
import { WorkspaceNotices } from './WorkspaceNotices';
import '../review/review-desk.css';

interface Props {
  article: {
    id: number;
    title: string;
    sourceUrl: string | null;
    byline: string | null;
    publishedAt: string | null;
    revision: number;
  };
  /** The article's document, loaded apart from the page (see useArticleDocument). */
  doc: PMNode;
  revisions: { number: number; createdAt: string }[];
  /** Every annotation's place, verdict and status (the compact index). */
  initialIndex: AnnotationIndex;
  /** Full versions of the first rows of the list, so a short article needs no second request. */
  initialDetails: AnnotationView[];
  verdicts: Verdict[];
  /** The signed-in person: what they may change decides which controls are shown (the server enforces it). */
  viewer: Actor;
  workflow: { allowSelfApproval: boolean };
  /** Said once after the page comes back from a new revision. */
  notice: string | null;
  onRevisionSaved: (notice: string) => void;
}

export function ArticleWorkspace(props: Props) {
  const { article, doc, initialIndex, initialDetails, verdicts, viewer, workflow, notice, onRevisionSaved } = props;
  const verdictMap = useMemo(() => new Map(verdicts.map((v) => [v.key, v])), [verdicts]);
  const [hints, point] = useSelectionHints();
  const { selection, sameSpan } = hints;
  const [pageAlert, setPageAlert] = useState<string | null>(null);
  const [undo, setUndo] = useState<Held | null>(null);
  const [updating, setUpdating] = useState(false);
  const [importNotice, setImportNotice] = useState<string | null>(null);
  const [reviewNotice, setReviewNotice] = useState<string | null>(null);
  const viewRef = useRef<ArticleViewHandle>(null);

  const { store, annotations, status, staleRevision, changes, tab, form, setForm, drafted, quoteOf } = useAnnotationWiring({
    article,
    viewerId: viewer.id,
    doc,
    initialIndex,
    initialDetails,
    onAlert: (message, annotationId) => {
      setPageAlert(message);
      // A refused delete put its annotation back: there is nothing to undo.
      if (annotationId) setUndo((u) => (u?.summary.id === annotationId ? null : u));
    },
  });
  const { details } = annotations;
  const { all, sorted, orphans, highlights } = useAnnotationLists(annotations, store);
  const activeId = form?.id ?? null;
  const ready = status.state === 'saved';

  const openAnnotation = useCallback(
    (id: string) => {
      if (!annotations.byId.has(id)) return;
      // No scrolling here: the panel opens beside the claim, so the article stays where the reader is.
      point({ type: 'opened' });
      const current = annotations.details.get(id);
      if (current) return drafted.open(current);
      // A highlight far from the rows on screen: its full version is one short request away.
      store
        .detailsOf(id)
        .then((view) => (view ? drafted.open(view) : setPageAlert('This annotation does not exist any more: someone may have deleted it.')))
        .catch((error) => setPageAlert(`Could not open the annotation: ${errorMessage(error)}`));
    },
    [annotations, drafted, store, point],
  );

  const canAnnotate = can.annotate(viewer);
  const mayChange = useCallback((a: Pick<AnnotationSummary, 'authorId'>) => can.editAnnotation(viewer, a), [viewer]);
  const readOnlyReason = (a: Pick<AnnotationSummary, 'authorId'> | undefined) =>
    !canAnnotate ? 'Viewers can read annotations but not change them.' : a && !mayChange(a) ? `${EDIT_OTHERS_REFUSAL}.` : null;

  function startAnnotation() {
    setPageAlert(null);
    if (!canAnnotate) return;
    if (!selection.ok) return point({ type: 'hint', text: selection.reason });
    point({ type: 'hint', text: null });
    const anchor = { from: selection.from, to: selection.to, exact: selection.exact };
    const existing = findSameSpan(sorted, anchor.from, anchor.to);
    if (existing) point({ type: 'sameSpan', existing, anchor });
    else drafted.start(anchor);
  }

  const { save, remove, restore } = useSaveAndDelete({ store, drafted, setForm, viewRef, viewer, sorted, orphans, setPageAlert, setUndo });

  function reattach(id: string) {
    setPageAlert(null);
    if (!selection.ok) return point({ type: 'hint', text: `${selection.reason}, then press “Re-attach to selection” again` });
    store.reattach(id, { from: selection.from, to: selection.to, exact: selection.exact });
  }

  const { onListOpen, onListDelete, onConfirmAnchor, onRowsShown } = useListCallbacks({ store, viewRef, open: openAnnotation, remove });
  // Review mode's "… and next": the next annotation in this article waiting for this person, scrolled beside its panel.
  const openNext = (fromId: string) => {
    const next = nextWaiting(sorted, fromId, viewer, workflow);
    if (next) return onListOpen(next.id);
    drafted.close();
    viewRef.current?.focus();
    setReviewNotice('Nothing else in this article waits for your review.');
  };
  // Several reviewed at once: the new versions now, and whatever else the steps wrote (history, assignment) from the feed.
  const onBulkDone = useCallback(
    (views: AnnotationView[]) => {
      for (const view of views) store.replaceFromServer(view);
      void changes.syncNow();
    },
    [store, changes],
  );
  const onReviewed = (view: AnnotationView | null, said: string) => {
    if (view) store.replaceFromServer(view);
    setReviewNotice(said);
    // A review step may have written to the discussion too (a change request's comment): the feed brings it now.
    void changes.syncNow();
  };

  useWorkspaceKeys({ onAnnotate: startAnnotation, onOpen: openAnnotation, viewRef });

  return (
    <LiveDesk
      source={changes}
      articleId={article.id}
      viewerId={viewer.id}
      tab={tab}
      editing={form?.mode === 'edit' ? form.id : null}
      onBackOnline={() => store.retryNow()}
    >
      <div className="workspace">
        <ArticleToolbar
          articleId={article.id}
          canAnnotate={canAnnotate}
          onAnnotate={startAnnotation}
          hint={hintText(hints)}
          status={status}
          onRetryNow={() => store.retryNow()}
          awaitingDecision={drafted.awaitingDecision.length}
          updating={updating}
          onUpdate={() => setUpdating(true)}
        />
        <WorkspaceNotices
          staleRevision={staleRevision}
          canReload={ready}
          notice={importNotice ?? notice}
          alert={pageAlert}
          onDismissAlert={() => setPageAlert(null)}
        >
          {sameSpan && (
            <SameSpanQuestion
              verdictLabel={verdictMap.get(sameSpan.existing.verdict)?.label ?? sameSpan.existing.verdict}
              onOpen={() => {
                openAnnotation(sameSpan.existing.id);
                viewRef.current?.scrollTo(sameSpan.existing.id);
              }}
              onAnnotateAgain={() => {
                point({ type: 'answered' });
                drafted.start(sameSpan.anchor);
              }}
              onDismiss={() => {
                point({ type: 'answered' });
                viewRef.current?.focus();
              }}
            />
          )}
          <KeptDrafts
            justKept={drafted.justKept}
            loose={drafted.loose}
            onOpen={(kept) => {
              point({ type: 'answered' });
              drafted.openKept(kept);
            }}
            onDiscard={drafted.discardKept}
          />
        </WorkspaceNotices>
        <div className="columns">
          <ArticleView
            ref={viewRef}
            doc={doc}
            highlights={highlights}
            activeId={activeId}
            verdicts={verdicts}
            onSelection={(info) => point({ type: 'selected', info })}
            onOpen={openAnnotation}
            onAnnotateShortcut={startAnnotation}
            onJump={({ id, index, count }) => {
              const found = annotations.byId.get(id);
              const verdict = found ? `${verdictMap.get(found.verdict)?.label ?? found.verdict}, ${stateInWords(found)}` : '';
              point({ type: 'jumped', text: `Annotation ${index + 1} of ${count}: ${verdict}. Press Enter to open it.` });
            }}
          />
          <aside className="side">
            {form && (
              <AnnotationFormPanel
                articleId={article.id}
                form={form}
                setForm={setForm}
                drafted={drafted}
                viewRef={viewRef}
                current={form.mode === 'edit' ? details.get(form.id) : undefined}
                readOnly={form.mode === 'edit' ? readOnlyReason(annotations.byId.get(form.id)) : null}
                viewer={viewer}
                verdicts={verdicts}
                verdictMap={verdictMap}
                allowSelfApproval={workflow.allowSelfApproval}
                ready={ready}
                onSave={save}
                onDelete={remove}
                onConfirmAnchor={onConfirmAnchor}
                onChanged={onReviewed}
                onNext={openNext}
              />
            )}
            {reviewNotice && (
              <p aria-live="polite" className="notice">
                {reviewNotice}
              </p>
            )}
            <PresenceList />
            <ArticleDetails
              article={article}
              canEdit={canAnnotate}
              canDelete={can.manageArticles(viewer)}
              annotationCount={all.length}
              ready={ready}
            />
            {/* A new map whenever any annotation changes (not when only full versions load), so the readiness list follows. */}
            <ReadyToPublish articleId={article.id} version={annotations.byId} onOpen={onListOpen} />
            {updating && (
              <UpdateArticleForm
                articleId={article.id}
                sourceUrl={article.sourceUrl}
                onCancel={() => setUpdating(false)}
                onSaved={({ number, anchors, notes = [] }) => {
                  setUpdating(false);
                  onRevisionSaved(
                    [
                      `Revision ${number} saved. Annotations: ${anchors.exact} unchanged, ${anchors.moved} moved, ${anchors.fuzzy} placed by fuzzy match, ${anchors.orphaned} need re-anchoring.`,
                      ...notes,
                    ].join(' '),
                  );
                }}
              />
            )}
            <NeedsReanchoring
              orphans={orphans}
              details={details}
              verdicts={verdictMap}
              canAttach={selection.ok}
              mayChange={mayChange}
              onReattach={reattach}
              onDelete={remove}
            />
            {undo && (
              <p className="undo" aria-live="polite">
                Annotation deleted.{' '}
                <button type="button" onClick={() => restore(undo)}>
                  Undo
                </button>
              </p>
            )}
            <ReviewableList
              viewer={viewer}
              ready={ready}
              onBulkDone={onBulkDone}
              annotations={sorted}
              details={details}
              quoteOf={quoteOf}
              verdicts={verdictMap}
              activeId={activeId}
              onOpen={onListOpen}
              mayChange={mayChange}
              withDrafts={drafted.withDrafts}
              onDelete={onListDelete}
              onConfirmAnchor={onConfirmAnchor}
              onShown={onRowsShown}
            />
            <ArticleRecords
              article={article}
              revisions={props.revisions}
              canImport={canAnnotate}
              canRestore={can.restoreFromHistory(viewer)}
              ready={ready}
              onRestored={(view) => onReviewed(view, 'The annotation is back.')}
              onImported={(message) => {
                void changes.syncNow();
                setImportNotice(message);
              }}
            />
          </aside>
        </div>
      </div>
    </LiveDesk>
  );
}
