'use client';
// The editor page: the article, the annotation form, the sidebar and the
// tools around them. Saving lives in useAnnotationStore.
import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import type { AnnotationIndex, AnnotationSummary } from '@/server/domain/annotation-index';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { textBetween } from '@/server/domain/plain-text';
import { atLeast, EDIT_OTHERS_REFUSAL, mayChangeAnnotation, type Actor } from '@/server/domain/roles';
import type { Verdict } from '@/server/domain/verdicts';
import { AnnotationForm, type AnnotationDraft } from '../annotations/form/AnnotationForm';
import { ArticleDetails } from './ArticleDetails';
import { AnnotationSidebar } from '../annotations/AnnotationSidebar';
import { ArticleView, ANNOTATE_SHORTCUT, type ArticleViewHandle } from '../editor/ArticleView';
import type { Highlight } from '../editor/annotation-plugin';
import type { SelectionInfo } from '../editor/selection';
import { stateInWords } from '../editor/state-in-words';
import { focusAfterDelete } from '../annotations/focus-after-delete';
import { ImportAnnotations } from '../import/ImportAnnotations';
import { NeedsReanchoring } from '../annotations/NeedsReanchoring';
import { RevisionList } from './RevisionList';
import { SaveStatusLine } from '../annotations/SaveStatusLine';
import { UpdateArticleForm } from './UpdateArticleForm';
import { AnnotationPanel } from '../annotations/AnnotationPanel';
import { AnnotationReview } from '../review/AnnotationReview';
import { ConflictVersions } from '../annotations/form/ConflictVersions';
import { ArticleHistory } from '../review/HistoryPanel';
import { ReadyToPublish } from '../review/ReadyToPublish';
import type { FormState } from '../annotations/form/form-state';
import { KeptDrafts } from '../annotations/form/KeptDrafts';
import { findSameSpan, SameSpanQuestion } from '../annotations/SameSpanQuestion';
import type { Anchor, Held } from '../annotations/useAnnotationStore';
import { useDraftedForm } from '../annotations/form/useDraftedForm';
import { errorMessage, useTRPCClient } from '../ui/trpc';
import { useAnnotationStore } from '../annotations/useAnnotationStore';
import { CheckedBefore } from '../search/CheckedBefore';

interface Props {
  article: {
    id: number;
    title: string;
    body: unknown;
    sourceUrl: string | null;
    byline: string | null;
    publishedAt: string | null;
    revision: number;
  };
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

const NO_SELECTION: SelectionInfo = { ok: false, reason: 'Select the text of a claim in the article first' };

export function ArticleWorkspace({
  article,
  revisions,
  initialIndex,
  initialDetails,
  verdicts,
  viewer,
  workflow,
  notice,
  onRevisionSaved,
}: Props) {
  const verdictMap = useMemo(() => new Map(verdicts.map((v) => [v.key, v])), [verdicts]);
  const [form, setForm] = useState<FormState | null>(null);
  const [selection, setSelection] = useState<SelectionInfo>(NO_SELECTION);
  const [hint, setHint] = useState<string | null>(null);
  const [pageAlert, setPageAlert] = useState<string | null>(null);
  const [undo, setUndo] = useState<Held | null>(null);
  const [updating, setUpdating] = useState(false);
  const [importNotice, setImportNotice] = useState<string | null>(null);
  const [jumpHint, setJumpHint] = useState<string | null>(null);
  const [reviewNotice, setReviewNotice] = useState<string | null>(null);
  const [showArticleHistory, setShowArticleHistory] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const [sameSpan, setSameSpan] = useState<{ existing: AnnotationSummary; anchor: Anchor } | null>(null);
  const client = useTRPCClient();
  const viewRef = useRef<ArticleViewHandle>(null);
  const formRef = useRef<FormState | null>(null);
  formRef.current = form;

  /** "Keep theirs": the form closes on their version, and the server's history keeps the one given up. */
  async function keepTheirs(state: Extract<FormState, { mode: 'edit' }>) {
    setDiscarding(true);
    try {
      const { verdict, rationale, evidence } = state.draft;
      await client.annotation.discardVersion.mutate({
        id: state.id,
        verdict,
        rationale,
        evidence: evidence.map((e) => ({ url: e.url, title: e.title })),
      });
      setForm(null);
      drafted.dropDraftOf(state.id);
      setReviewNotice('Kept their version. Yours is in the history.');
    } catch (error) {
      setForm({ ...state, serverError: errorMessage(error) });
    } finally {
      setDiscarding(false);
    }
  }

  // Parsed once for the page: quotes in the list are read from it, and kept drafts are placed on it.
  const doc = useMemo(() => articleDocFromJSON(article.body), [article.body]);
  const quoteOf = useCallback((a: AnnotationSummary) => a.exact ?? textBetween(doc, a.from, a.to), [doc]);

  const store = useAnnotationStore({
    article,
    initialIndex,
    initialDetails,
    quoteOf,
    isOpen: (id) => formRef.current?.id === id,
    onRefused: (refusal) => {
      if (refusal.kind === 'other') return setPageAlert(refusal.message);
      const { state, sentence } = drafted.afterRefusal(refusal);
      // Never replace a form the reviewer is filling in: say what failed instead (the text is kept as a draft).
      if (formRef.current) setPageAlert(`Could not save an annotation: ${sentence}`);
      else setForm(state);
    },
    onSaved: (id, draft) => drafted.saved(id, draft),
  });
  const { annotations, status } = store;
  const storeRef = useRef(store);
  storeRef.current = store;
  const { details } = annotations;
  const lookup = useMemo(
    () => ({ has: (id: string) => annotations.byId.has(id), get: (id: string) => annotations.details.get(id) }),
    [annotations],
  );
  const drafted = useDraftedForm({ articleId: article.id, doc, annotations: lookup, form, setForm });

  // A form being filled in is work too: ask before leaving unless its draft survives a reload (the store guards pending saves).
  const draftsPersist = drafted.persistent;
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (formRef.current && !draftsPersist()) {
        event.preventDefault();
        event.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
    // The drafts' storage is fixed for the life of the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Kept in document order by the store (insertion, not a sort per change).
  const all = annotations.ordered;
  // Orphans keep their last place only for the record: they are not on the current text.
  const sorted = useMemo(() => all.filter((a) => a.anchorStatus !== 'orphaned'), [all]);
  const orphans = useMemo(() => all.filter((a) => a.anchorStatus === 'orphaned'), [all]);
  // One Highlight object per summary object: an unchanged annotation hands the editor the same object, so its diff is by identity.
  const highlightCache = useRef(new WeakMap<AnnotationSummary, Highlight>());
  const highlights = useMemo(
    () =>
      sorted.map((a) => {
        let h = highlightCache.current.get(a);
        if (!h) highlightCache.current.set(a, (h = { id: a.id, from: a.from, to: a.to, verdict: a.verdict, state: stateInWords(a) }));
        return h;
      }),
    [sorted],
  );
  const activeId = form?.id ?? null;

  // Orphans are listed with their rationale; there are few, so their full versions load at once.
  const { loadDetails } = store;
  useEffect(() => {
    if (orphans.length) void loadDetails(orphans.map((a) => a.id)).catch(() => undefined);
  }, [orphans, loadDetails]);

  const openAnnotation = useCallback(
    (id: string) => {
      if (!annotations.byId.has(id)) return;
      setHint(null);
      // No scrolling here: the panel opens beside the claim, so the article stays where the reader is.
      setSameSpan(null);
      const current = annotations.details.get(id);
      if (current) return drafted.open(current);
      // A highlight far from the rows on screen: its full version is one short request away.
      storeRef.current
        .detailsOf(id)
        .then((view) => (view ? drafted.open(view) : setPageAlert('This annotation does not exist any more: someone may have deleted it.')))
        .catch((error) => setPageAlert(`Could not open the annotation: ${errorMessage(error)}`));
    },
    [annotations, drafted],
  );

  const canAnnotate = atLeast(viewer.role, 'reviewer');
  const mayChange = useCallback((a: Pick<AnnotationSummary, 'authorId'>) => mayChangeAnnotation(viewer, a.authorId), [viewer]);
  const readOnlyReason = (a: Pick<AnnotationSummary, 'authorId'> | undefined) =>
    !canAnnotate ? 'Viewers can read annotations but not change them.' : a && !mayChange(a) ? `${EDIT_OTHERS_REFUSAL}.` : null;

  // A link to one annotation (from Mentions, or shared by a colleague) opens it.
  const openRef = useRef(openAnnotation);
  openRef.current = openAnnotation;
  useEffect(() => {
    const match = /^#annotation-([0-9a-f-]{36})$/.exec(window.location.hash);
    if (!match) return;
    openRef.current(match[1]);
    viewRef.current?.scrollTo(match[1]);
  }, []);

  function startAnnotation() {
    setPageAlert(null);
    if (!canAnnotate) return;
    if (!selection.ok) {
      setHint(selection.reason);
      return;
    }
    setHint(null);
    const anchor = { from: selection.from, to: selection.to, exact: selection.exact };
    const existing = findSameSpan(sorted, anchor.from, anchor.to);
    if (existing) setSameSpan({ existing, anchor });
    else drafted.start(anchor);
  }

  // The form closes a moment after Save (in a transition): a second click meanwhile must not save it again.
  const savedForm = useRef<FormState | null>(null);

  function save(state: FormState, draft: AnnotationDraft) {
    if (savedForm.current === state) return;
    savedForm.current = state;
    // The highlight first, in the click's own task and one view update: the page's re-render then finds it drawn.
    const shown =
      state.mode === 'create'
        ? { ...state.anchor, status: 'draft' as const, anchorStatus: 'exact' as const }
        : annotations.byId.get(state.id);
    if (shown && shown.anchorStatus !== 'orphaned') {
      viewRef.current?.settleSave({
        upsert: { id: state.id, from: shown.from, to: shown.to, verdict: draft.verdict, state: stateInWords(shown) },
        activeId: null,
        collapse: state.mode === 'create',
      });
    }
    // The page catches up in a transition: React renders it in slices after this task, so a long article's
    // list and highlights never make one long task of the click (the draft is written to storage right here).
    startTransition(() => {
      drafted.saving(state, draft);
      setForm(null);
      setPageAlert(null);
      if (state.mode === 'create') store.create(state.id, state.anchor, draft, viewer);
      else store.update(state.id, draft, viewer);
    });
    viewRef.current?.focus();
  }

  function reattach(id: string) {
    setPageAlert(null);
    if (!selection.ok) {
      setHint(`${selection.reason}, then press “Re-attach to selection” again`);
      return;
    }
    store.reattach(id, { from: selection.from, to: selection.to, exact: selection.exact });
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
    focusAfterDelete(
      (gone.summary.anchorStatus === 'orphaned' ? orphans : sorted).map((a) => a.id),
      id,
      () => viewRef.current?.focus(),
    );
  }

  function restore(deleted: Held) {
    setUndo(null);
    store.restore(deleted);
    // The Undo button goes with its notice: focus moves to the annotation that came back (its row once drawn), else the article.
    const { id } = deleted.summary;
    requestAnimationFrame(() => {
      const row = document.querySelector<HTMLElement>(`[data-annotation-item="${CSS.escape(id)}"] button`);
      if (row) row.focus();
      else viewRef.current?.focus();
    });
  }

  // The list is memoised: it gets callbacks that keep their identity and call the latest code.
  const removeRef = useRef(remove);
  removeRef.current = remove;
  const onListOpen = useCallback((id: string) => {
    openRef.current(id);
    viewRef.current?.scrollTo(id);
  }, []);
  const onListDelete = useCallback((id: string) => removeRef.current(id), []);
  const onConfirmAnchor = useCallback((id: string) => storeRef.current.confirmAnchor(id), []);
  const onRowsShown = useCallback((ids: string[]) => void storeRef.current.loadDetails(ids).catch(() => undefined), []);

  // The shortcut works wherever focus is on the page, not only inside the article.
  const startRef = useRef(startAnnotation);
  startRef.current = startAnnotation;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // Inside the article ProseMirror's keymap has handled it already (and prevented the default): once is enough.
      if (event.defaultPrevented) return;
      if (event.altKey && (event.ctrlKey || event.metaKey) && event.code === 'KeyM') {
        event.preventDefault();
        startRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const formQuote = form ? (form.mode === 'create' ? form.anchor.exact : (details.get(form.id)?.exact ?? '')) : '';

  return (
    <div className="workspace">
      <div className="toolbar" role="toolbar" aria-label="Article tools">
        {canAnnotate && (
          <button
            type="button"
            className="primary"
            onClick={startAnnotation}
            aria-keyshortcuts="Control+Alt+M"
            title={`Annotate selection (${ANNOTATE_SHORTCUT.label})`}
            aria-describedby="annotate-hint"
          >
            Annotate selection
          </button>
        )}
        <span id="annotate-hint" className="hint" aria-live="polite">
          {hint ??
            jumpHint ??
            (selection.ok ? `“${selection.exact.length > 50 ? `${selection.exact.slice(0, 49)}…` : selection.exact}” selected` : '')}
        </span>
        <SaveStatusLine status={status} onRetryNow={store.retryNow} />
        {canAnnotate && (
          <button type="button" onClick={() => setUpdating(true)} disabled={updating}>
            Update article
          </button>
        )}
        <a href={`/articles/${article.id}/export`} download className="button-link" title="Approved annotations only, ready to publish">
          Export HTML
        </a>
        <a
          href={`/articles/${article.id}/export?drafts=1`}
          download
          className="link-button"
          title="Includes annotations not yet approved, marked with their status"
        >
          Export with drafts
        </a>
        {/* On a phone the list sits below the whole article: one tap away. */}
        <a href="#annotations-list" className="link-button jump-to-list">
          Annotations list
        </a>
      </div>
      {store.staleRevision && (
        <p aria-live="polite" className="notice">
          Another reviewer saved a new revision of this article.{' '}
          <button type="button" className="link-button" onClick={() => window.location.reload()} disabled={status.state !== 'saved'}>
            Load it
          </button>
        </p>
      )}
      {(importNotice ?? notice) && (
        <p aria-live="polite" className="notice">
          {importNotice ?? notice}
        </p>
      )}
      {sameSpan && (
        <SameSpanQuestion
          verdictLabel={verdictMap.get(sameSpan.existing.verdict)?.label ?? sameSpan.existing.verdict}
          onOpen={() => {
            openAnnotation(sameSpan.existing.id);
            viewRef.current?.scrollTo(sameSpan.existing.id);
          }}
          onAnnotateAgain={() => {
            setSameSpan(null);
            drafted.start(sameSpan.anchor);
          }}
          onDismiss={() => {
            setSameSpan(null);
            viewRef.current?.focus();
          }}
        />
      )}
      <KeptDrafts
        justKept={drafted.justKept}
        loose={drafted.loose}
        onOpen={(kept) => {
          setSameSpan(null);
          drafted.openKept(kept);
        }}
        onDiscard={drafted.discardKept}
      />
      {pageAlert && (
        <p role="alert" className="error page-alert">
          {pageAlert}{' '}
          <button type="button" className="link-button" onClick={() => setPageAlert(null)}>
            Dismiss
          </button>
        </p>
      )}
      <div className="columns">
        <ArticleView
          ref={viewRef}
          doc={doc}
          highlights={highlights}
          activeId={activeId}
          verdicts={verdicts}
          onSelection={(info) => {
            setSelection(info);
            setSameSpan(null);
            setJumpHint(null);
            if (info.ok) setHint(null);
          }}
          onOpen={openAnnotation}
          onAnnotateShortcut={startAnnotation}
          onJump={({ id, index, count }) => {
            const found = annotations.byId.get(id);
            const verdict = found ? `${verdictMap.get(found.verdict)?.label ?? found.verdict}, ${stateInWords(found)}` : '';
            setJumpHint(`Annotation ${index + 1} of ${count}: ${verdict}. Press Enter to open it.`);
          }}
        />
        <aside className="side">
          {form && (
            <AnnotationPanel
              placeKey={`${form.mode}:${form.id}`}
              claimRect={() => viewRef.current?.rectOf(form.mode === 'create' ? { pos: form.anchor.from } : { id: form.id }) ?? null}
            >
              {form?.mode === 'edit' && form.conflict && details.get(form.id) && (
                <ConflictVersions
                  theirs={details.get(form.id)!}
                  yours={form.draft}
                  yourName={viewer.name}
                  verdicts={verdictMap}
                  onKeepMine={() => save(form, form.draft)}
                  onKeepTheirs={() => (discarding ? undefined : keepTheirs(form))}
                />
              )}
              {form && (
                <AnnotationForm
                  key={`${form.mode}:${form.id}:${form.serverError ?? ''}:${form.drafted?.restored ? 'draft' : ''}`}
                  mode={form.mode}
                  quote={formQuote}
                  initial={form.draft}
                  verdicts={verdicts}
                  readOnly={form.mode === 'edit' ? readOnlyReason(annotations.byId.get(form.id)) : null}
                  serverError={form.serverError}
                  {...drafted.formProps(form)}
                  onSave={(draft) => save(form, draft)}
                  onCancel={() => {
                    drafted.close();
                    viewRef.current?.focus();
                  }}
                  onDelete={form.mode === 'edit' ? () => remove(form.id) : undefined}
                  assist={(fill) => (
                    <CheckedBefore
                      articleId={article.id}
                      annotationId={form.mode === 'edit' ? form.id : undefined}
                      text={form.mode === 'create' || annotations.byId.get(form.id)?.status === 'draft' ? formQuote : ''}
                      verdictLabels={Object.fromEntries(verdicts.map((v) => [v.key, v.label]))}
                      onUse={fill}
                    />
                  )}
                />
              )}
              {form?.mode === 'edit' && details.get(form.id) && (
                <AnnotationReview
                  key={form.id}
                  annotation={details.get(form.id)!}
                  viewer={viewer}
                  allowSelfApproval={workflow.allowSelfApproval}
                  ready={status.state === 'saved'}
                  onChanged={(view, said) => {
                    store.replaceFromServer(view);
                    setReviewNotice(said);
                  }}
                />
              )}
            </AnnotationPanel>
          )}
          {reviewNotice && (
            <p aria-live="polite" className="notice">
              {reviewNotice}
            </p>
          )}
          <ArticleDetails
            article={article}
            canEdit={canAnnotate}
            canDelete={atLeast(viewer.role, 'editor')}
            annotationCount={all.length}
            ready={status.state === 'saved'}
          />
          {/* A new map whenever any annotation changes (not when only full versions load), so the readiness list follows. */}
          <ReadyToPublish articleId={article.id} version={annotations.byId} onOpen={onListOpen} />
          {updating && (
            <UpdateArticleForm
              articleId={article.id}
              sourceUrl={article.sourceUrl}
              onCancel={() => setUpdating(false)}
              onSaved={({ number, anchors }) => {
                setUpdating(false);
                onRevisionSaved(
                  `Revision ${number} saved. Annotations: ${anchors.exact} unchanged, ${anchors.moved} moved, ${anchors.fuzzy} placed by fuzzy match, ${anchors.orphaned} need re-anchoring.`,
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
          <AnnotationSidebar
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
          <RevisionList articleId={article.id} current={article.revision} revisions={revisions} />
          <p>
            <button type="button" aria-expanded={showArticleHistory} onClick={() => setShowArticleHistory((v) => !v)}>
              Article history
            </button>
          </p>
          {showArticleHistory && (
            <ArticleHistory
              articleId={article.id}
              canRestore={atLeast(viewer.role, 'editor')}
              onRestored={(view) => {
                store.replaceFromServer(view);
                setReviewNotice('The annotation is back.');
              }}
            />
          )}
          {canAnnotate && (
            <ImportAnnotations
              articleId={article.id}
              ready={status.state === 'saved'}
              onImported={(message) => {
                void store.syncNow();
                setImportNotice(message);
              }}
            />
          )}
        </aside>
      </div>
    </div>
  );
}
