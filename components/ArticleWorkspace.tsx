'use client';
// The editor page: the article, the annotation form, the sidebar, and the
// saving of every change as soon as it is made.
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { TRPCClientError } from '@trpc/client';
import { compareByPosition, type AnnotationView } from '@/server/domain/annotation';
import type { Verdict } from '@/server/domain/verdicts';
import { AnnotationForm, draftOf, EMPTY_DRAFT, viewFieldsOf, type AnnotationDraft } from './AnnotationForm';
import { AnnotationSidebar } from './AnnotationSidebar';
import { ArticleView, ANNOTATE_SHORTCUT, type ArticleViewHandle } from './editor/ArticleView';
import type { SelectionInfo } from './editor/selection';
import { mergeRemote } from './remote-sync';
import { ReviewerNameForm, useReviewerName } from './ReviewerName';
import { SaveQueue, type SaveStatus } from './save-queue';
import { ImportAnnotations } from './ImportAnnotations';
import { NeedsReanchoring } from './NeedsReanchoring';
import { RevisionList } from './RevisionList';
import { SaveStatusLine } from './SaveStatusLine';
import { UpdateArticleForm } from './UpdateArticleForm';
import { errorMessage, isConflict, isRefusal, useTRPCClient } from './trpc';

interface Props {
  article: { id: number; title: string; body: unknown; sourceUrl: string | null; revision: number };
  revisions: { number: number; createdAt: string }[];
  initialAnnotations: AnnotationView[];
  verdicts: Verdict[];
  /** Said once after the page comes back from a new revision. */
  notice: string | null;
  onRevisionSaved: (notice: string) => void;
}

type FormState =
  | { mode: 'create'; id: string; anchor: { from: number; to: number; exact: string }; draft: AnnotationDraft; serverError: string | null }
  | { mode: 'edit'; id: string; draft: AnnotationDraft; serverError: string | null };

/** How often other reviewers' saved changes are fetched. */
const SYNC_INTERVAL_MS = 8000;

const CONFLICT_HINT =
  'Their version is now shown in the list. Save again to replace it with yours, or Cancel to keep theirs.';

const NO_SELECTION: SelectionInfo = { ok: false, reason: 'Select the text of a claim in the article first' };
const quoteLabel = (text: string) => `annotation on “${text.length > 40 ? `${text.slice(0, 39)}…` : text}”`;

export function ArticleWorkspace({ article, revisions, initialAnnotations, verdicts, notice, onRevisionSaved }: Props) {
  const client = useTRPCClient();
  const verdictMap = useMemo(() => new Map(verdicts.map((v) => [v.key, v])), [verdicts]);
  const [annotations, setAnnotations] = useState(() => new Map(initialAnnotations.map((a) => [a.id, a])));
  const confirmed = useRef(new Map(initialAnnotations.map((a) => [a.id, a])));
  const pendingEdits = useRef(new Map<string, number>());
  const [form, setForm] = useState<FormState | null>(null);
  const [selection, setSelection] = useState<SelectionInfo>(NO_SELECTION);
  const [hint, setHint] = useState<string | null>(null);
  const [pageAlert, setPageAlert] = useState<string | null>(null);
  const [undo, setUndo] = useState<AnnotationView | null>(null);
  const [status, setStatus] = useState<SaveStatus>({ state: 'saved' });
  const [reviewer, setReviewer, reviewerLoaded] = useReviewerName();
  const [askName, setAskName] = useState<string | null>(null);
  const viewRef = useRef<ArticleViewHandle>(null);
  const formRef = useRef<FormState | null>(null);
  formRef.current = form;

  const queue = useMemo(
    () =>
      new SaveQueue({
        isRefusal,
        describeError: (e) => (e instanceof TRPCClientError && !e.data ? 'the server could not be reached' : errorMessage(e)),
        onStatus: setStatus,
      }),
    [],
  );

  // Leaving with saves in flight, or a form being filled in, loses work: ask first.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (queue.pending > 0 || formRef.current) {
        event.preventDefault();
        event.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [queue]);

  const [updating, setUpdating] = useState(false);
  const [importNotice, setImportNotice] = useState<string | null>(null);
  const [staleRevision, setStaleRevision] = useState(false);
  const all = useMemo(() => [...annotations.values()].sort(compareByPosition), [annotations]);
  // Orphans keep their last place only for the record: they are not on the current text.
  const sorted = useMemo(() => all.filter((a) => a.anchorStatus !== 'orphaned'), [all]);
  const orphans = useMemo(() => all.filter((a) => a.anchorStatus === 'orphaned'), [all]);
  const highlights = useMemo(() => sorted.map((a) => ({ id: a.id, from: a.from, to: a.to, verdict: a.verdict })), [sorted]);
  const activeId = form?.id ?? null;

  const setLocal = (id: string, view: AnnotationView | null) =>
    setAnnotations((prev) => {
      const next = new Map(prev);
      if (view) next.set(id, view);
      else next.delete(id);
      return next;
    });

  /** After a save lands: show the server's copy, unless newer local edits are still on their way. */
  function settle(id: string, saved: AnnotationView | null) {
    if (saved) confirmed.current.set(id, saved);
    const left = (pendingEdits.current.get(id) ?? 1) - 1;
    if (left > 0) {
      pendingEdits.current.set(id, left);
      return;
    }
    pendingEdits.current.delete(id);
    if (saved) setLocal(id, saved);
  }

  const track = (id: string) => pendingEdits.current.set(id, (pendingEdits.current.get(id) ?? 0) + 1);

  function reopenRefused(state: FormState, error: unknown, hint = '') {
    const message = `${errorMessage(error)}${hint ? ` ${hint}` : ''}`;
    if (formRef.current) {
      setPageAlert(`Could not save the ${quoteLabel(state.mode === 'create' ? state.anchor.exact : annotations.get(state.id)?.exact ?? '')}: ${message}`);
    } else {
      setForm({ ...state, serverError: message });
    }
  }

  const openAnnotation = useCallback(
    (id: string) => {
      const current = annotations.get(id);
      if (!current) return;
      setHint(null);
      setForm({ mode: 'edit', id, draft: draftOf(current), serverError: null });
      document.getElementById(`item-${id}`)?.scrollIntoView({ block: 'nearest' });
    },
    [annotations],
  );

  function startAnnotation() {
    setPageAlert(null);
    if (!reviewer) {
      setAskName('Enter your name before annotating: it is saved with each annotation.');
      return;
    }
    if (!selection.ok) {
      setHint(selection.reason);
      return;
    }
    setHint(null);
    setForm({
      mode: 'create',
      id: crypto.randomUUID(),
      anchor: { from: selection.from, to: selection.to, exact: selection.exact },
      draft: EMPTY_DRAFT,
      serverError: null,
    });
  }

  function save(state: FormState, draft: AnnotationDraft) {
    setForm(null);
    setPageAlert(null);
    const id = state.id;
    if (state.mode === 'create') {
      const now = new Date().toISOString();
      const author = reviewer ?? '';
      setLocal(id, {
        id, articleId: article.id, ...state.anchor, prefix: '', suffix: '', ...viewFieldsOf(draft), anchorStatus: 'exact', anchorScore: null, author, updatedBy: null, version: 0, createdAt: now, updatedAt: now,
      });
      track(id);
      queue.enqueue({
        describe: quoteLabel(state.anchor.exact),
        run: async () => settle(id, await client.annotation.create.mutate({ id, articleId: article.id, anchor: state.anchor, author, ...draft })),
        onRefused: (error) => {
          pendingEdits.current.delete(id);
          setLocal(id, null);
          reopenRefused({ ...state, draft }, error);
        },
      });
    } else {
      const before = annotations.get(id);
      if (!before) return;
      setLocal(id, { ...before, ...viewFieldsOf(draft), updatedBy: reviewer !== before.author ? reviewer : null });
      track(id);
      queue.enqueue({
        describe: quoteLabel(before.exact),
        run: async () => {
          const base = confirmed.current.get(id) ?? before;
          settle(
            id,
            await client.annotation.update.mutate({ id, expectedVersion: base.version, author: base.author, editor: reviewer ?? undefined, ...draft }),
          );
        },
        onRefused: async (error) => {
          settle(id, null);
          if (isConflict(error)) {
            // Someone else saved first. Show their version, and let this reviewer decide with both in view.
            const latest = (await client.annotation.list.query({ articleId: article.id }).catch(() => [])).find((a) => a.id === id);
            if (latest) confirmed.current.set(id, latest);
          }
          const server = confirmed.current.get(id);
          if (server && !pendingEdits.current.has(id)) setLocal(id, server);
          reopenRefused({ ...state, draft }, error, isConflict(error) ? CONFLICT_HINT : '');
        },
      });
    }
    viewRef.current?.focus();
  }

  function reattach(id: string) {
    const current = annotations.get(id);
    if (!current) return;
    setPageAlert(null);
    if (!selection.ok) {
      setHint(`${selection.reason}, then press “Re-attach to selection” again`);
      return;
    }
    const anchor = { from: selection.from, to: selection.to, exact: selection.exact };
    setLocal(id, { ...current, ...anchor, anchorStatus: 'exact', anchorScore: null });
    track(id);
    queue.enqueue({
      describe: quoteLabel(current.exact),
      run: async () => {
        const base = confirmed.current.get(id) ?? current;
        settle(id, await client.annotation.reattach.mutate({ id, expectedVersion: base.version, anchor }));
      },
      onRefused: (error) => {
        settle(id, null);
        setLocal(id, confirmed.current.get(id) ?? current);
        setPageAlert(`Could not re-attach the ${quoteLabel(current.exact)}: ${errorMessage(error)}`);
      },
    });
  }

  function confirmAnchor(id: string) {
    const current = annotations.get(id);
    if (!current) return;
    setLocal(id, { ...current, anchorStatus: 'exact', anchorScore: null });
    track(id);
    queue.enqueue({
      describe: quoteLabel(current.exact),
      run: async () => settle(id, await client.annotation.confirmAnchor.mutate({ id })),
      onRefused: (error) => {
        settle(id, null);
        setLocal(id, confirmed.current.get(id) ?? current);
        setPageAlert(`Could not confirm the ${quoteLabel(current.exact)}: ${errorMessage(error)}`);
      },
    });
  }

  function remove(id: string) {
    const current = annotations.get(id);
    if (!current) return;
    setForm((f) => (f?.id === id ? null : f));
    setLocal(id, null);
    setUndo(current);
    queue.enqueue({
      describe: quoteLabel(current.exact),
      run: async () => void (await client.annotation.delete.mutate({ id })),
      onRefused: (error) => setPageAlert(`Could not delete the ${quoteLabel(current.exact)}: ${errorMessage(error)}`),
    });
  }

  function restore(view: AnnotationView) {
    setUndo(null);
    setLocal(view.id, view);
    track(view.id);
    queue.enqueue({
      describe: quoteLabel(view.exact),
      run: async () => settle(view.id, await client.annotation.restore.mutate({ id: view.id })),
      onRefused: (error) => {
        pendingEdits.current.delete(view.id);
        setLocal(view.id, null);
        setPageAlert(`Could not restore the ${quoteLabel(view.exact)}: ${errorMessage(error)}`);
      },
    });
  }

  // Bring in what other reviewers saved. Not while a revision is newer than this page's text:
  // its positions would not fit the document shown here.
  const annotationsRef = useRef(annotations);
  annotationsRef.current = annotations;
  useEffect(() => {
    let stopped = false;
    async function sync() {
      if (document.visibilityState !== 'visible' || staleRevision) return;
      try {
        const [latest] = await client.article.revisions.query({ id: article.id });
        if (stopped) return;
        if (latest && latest.number > article.revision) return setStaleRevision(true);
        const remote = await client.annotation.list.query({ articleId: article.id });
        if (stopped) return;
        const busy = (id: string) => pendingEdits.current.has(id) || formRef.current?.id === id;
        const { updates, removals } = mergeRemote(annotationsRef.current, confirmed.current, remote, busy);
        if (updates.length === 0 && removals.length === 0) return;
        setAnnotations((prev) => {
          const next = new Map(prev);
          for (const a of updates) if (!pendingEdits.current.has(a.id)) next.set(a.id, a);
          for (const id of removals) if (!pendingEdits.current.has(id)) next.delete(id);
          return next;
        });
      } catch {
        // Offline for a moment: the next round tries again; saves report their own failures.
      }
    }
    const timer = window.setInterval(sync, SYNC_INTERVAL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [client, article.id, article.revision, staleRevision]);

  // The shortcut works wherever focus is on the page, not only inside the article.
  const startRef = useRef(startAnnotation);
  startRef.current = startAnnotation;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey && (event.ctrlKey || event.metaKey) && event.code === 'KeyM') {
        event.preventDefault();
        startRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const formQuote = form ? (form.mode === 'create' ? form.anchor.exact : annotations.get(form.id)?.exact ?? '') : '';

  return (
    <div className="workspace">
      <div className="toolbar" role="toolbar" aria-label="Article tools">
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
        <span id="annotate-hint" className="hint" aria-live="polite">
          {hint ?? (selection.ok ? `“${selection.exact.length > 50 ? `${selection.exact.slice(0, 49)}…` : selection.exact}” selected` : '')}
        </span>
        <SaveStatusLine status={status} onRetryNow={() => queue.retryNow()} />
        <button type="button" onClick={() => setUpdating(true)} disabled={updating}>
          Update article
        </button>
        <a href={`/articles/${article.id}/export`} download className="button-link" title="Final annotations only, ready to publish">
          Export HTML
        </a>
        <a href={`/articles/${article.id}/export?drafts=1`} download className="link-button" title="Includes drafts, marked as such">
          Export with drafts
        </a>
        {reviewer && (
          <span className="reviewer">
            Reviewing as <strong>{reviewer}</strong>{' '}
            <button type="button" className="link-button" onClick={() => setReviewer(null)}>
              Change name
            </button>
          </span>
        )}
      </div>
      {staleRevision && (
        <p role="status" className="notice">
          Another reviewer saved a new revision of this article.{' '}
          <button type="button" className="link-button" onClick={() => window.location.reload()} disabled={status.state !== 'saved'}>
            Load it
          </button>
        </p>
      )}
      {(importNotice ?? notice) && (
        <p role="status" className="notice">
          {importNotice ?? notice}
        </p>
      )}
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
          body={article.body}
          highlights={highlights}
          activeId={activeId}
          verdicts={verdicts}
          onSelection={(info) => {
            setSelection(info);
            if (info.ok) setHint(null);
          }}
          onOpen={openAnnotation}
          onAnnotateShortcut={startAnnotation}
        />
        <aside className="side">
          {reviewerLoaded && !reviewer && (
            <ReviewerNameForm
              message={askName}
              onSubmit={(name) => {
                setReviewer(name);
                setAskName(null);
              }}
            />
          )}
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
            verdicts={verdictMap}
            canAttach={selection.ok}
            onReattach={reattach}
            onDelete={remove}
          />
          {undo && (
            <p className="undo" role="status">
              Annotation deleted.{' '}
              <button type="button" onClick={() => restore(undo)}>
                Undo
              </button>
            </p>
          )}
          {form && (
            <AnnotationForm
              key={`${form.mode}:${form.id}:${form.serverError ?? ''}`}
              mode={form.mode}
              quote={formQuote}
              initial={form.draft}
              verdicts={verdicts}
              author={reviewer ?? ''}
              serverError={form.serverError}
              onSave={(draft) => save(form, draft)}
              onCancel={() => {
                setForm(null);
                viewRef.current?.focus();
              }}
              onDelete={form.mode === 'edit' ? () => remove(form.id) : undefined}
            />
          )}
          <AnnotationSidebar
            annotations={sorted}
            verdicts={verdictMap}
            activeId={activeId}
            onOpen={(id) => {
              openAnnotation(id);
              viewRef.current?.scrollTo(id);
            }}
            onDelete={remove}
            onConfirmAnchor={confirmAnchor}
          />
          <RevisionList articleId={article.id} current={article.revision} revisions={revisions} />
          <ImportAnnotations
            articleId={article.id}
            author={reviewer}
            ready={status.state === 'saved'}
            onImported={(list, message) => {
              for (const a of list) confirmed.current.set(a.id, a);
              setAnnotations((prev) => {
                const next = new Map(prev);
                // Only add what is new: local edits still on their way keep their local copy.
                for (const a of list) if (!next.has(a.id)) next.set(a.id, a);
                return next;
              });
              setImportNotice(message);
            }}
          />
        </aside>
      </div>
    </div>
  );
}
