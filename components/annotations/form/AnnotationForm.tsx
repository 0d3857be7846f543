'use client';
// The form for one annotation: verdict, rationale and evidence links.
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { annotationFormSchema, evidenceInput } from '@/server/domain/annotation.types';
import { MAX_EVIDENCE_ITEMS, MAX_RATIONALE_LENGTH } from '@/server/domain/limits';
import { defaultClaimSummary } from '@/server/domain/claim-summary';
import { MAX_CLAIM_SUMMARY_LENGTH } from '@/server/domain/limits';
import type { Verdict } from '@/server/domain/verdicts';
import { NO_PENDING, sameDraft, type FormContent, type PendingEvidence } from './form-drafts';
import type { AnnotationDraft } from '../annotation-draft';

// The draft's type and helpers live in annotation-draft.ts (the store needs them too); re-exported for the form's neighbours.
export { draftOf, EMPTY_DRAFT, viewFieldsOf, type AnnotationDraft } from '../annotation-draft';

interface Props {
  mode: 'create' | 'edit';
  quote: string;
  initial: AnnotationDraft;
  verdicts: Verdict[];
  /** Why this person may only look (a viewer, or someone else's annotation for a reviewer); null when they may edit. */
  readOnly?: string | null;
  /** The server's reason for refusing the last save of this annotation, in words for people. */
  serverError: string | null;
  /** What to do about serverError, as a button beside it (for example "Reload"). */
  errorAction?: { label: string; onClick: () => void } | null;
  /** Evidence typed but not yet added, as it was left (a restored draft). */
  initialPending?: PendingEvidence;
  /** Every change of what is typed (and the content on opening), so it can be kept as a draft. */
  onContentChange?: (content: FormContent) => void;
  /** The form holds a kept draft, not what is saved: say so, and offer to throw it away. */
  restored?: boolean;
  onDiscardDraft?: () => void;
  /** The submit button's label; "Save annotation" unless saving means something else here. */
  saveLabel?: string;
  /** False while there is nothing to save to (its text is gone from the article): the text stays, the Save button goes. */
  canSave?: boolean;
  onSave: (draft: AnnotationDraft) => void;
  onCancel: () => void;
  onDelete?: () => void;
  /** Help shown above the fields (such as "Checked before"), given a way to fill some fields, unsaved. */
  assist?: (fill: (patch: Partial<AnnotationDraft>) => void) => ReactNode;
}

const issuesText = (issues: { message: string }[]) => issues.map((i) => i.message).join('; ');

export function AnnotationForm(props: Props) {
  const {
    mode,
    quote,
    initial,
    verdicts,
    readOnly = null,
    serverError,
    errorAction,
    restored,
    onDiscardDraft,
    saveLabel = 'Save annotation',
    onSave,
    onCancel,
    onDelete,
  } = props;
  const canSave = !readOnly && props.canSave !== false;
  const [draft, setDraft] = useState<AnnotationDraft>(initial);
  const [url, setUrl] = useState(props.initialPending?.url ?? NO_PENDING.url);
  const [title, setTitle] = useState(props.initialPending?.title ?? NO_PENDING.title);
  // A newer saved version handed in while nothing is typed here (a colleague's change) is shown in place: no remount,
  // so focus and the caret stay. Anything typed is never replaced (the page holds such changes back; see useAnnotationWiring).
  const [shownInitial, setShownInitial] = useState(initial);
  if (initial !== shownInitial) {
    setShownInitial(initial);
    if (sameDraft(draft, shownInitial) && url === '' && title === '') setDraft(initial);
  }
  const [error, setError] = useState<string | null>(null);
  const verdictRef = useRef<HTMLSelectElement>(null);
  const id = useId();

  // The panel is placed beside the claim; focusing must not scroll the page away from it.
  useEffect(() => verdictRef.current?.focus({ preventScroll: true }), []);

  // The page keeps what is typed as a draft; the latest callback is read through a ref so typing does not re-subscribe.
  const reportRef = useRef(props.onContentChange);
  reportRef.current = props.onContentChange;
  useEffect(() => {
    if (!readOnly) reportRef.current?.({ draft, pending: { url, title } });
  }, [draft, url, title, readOnly]);

  /** Adds what is typed in the evidence boxes; false (with a message) when it is not a usable link. */
  function addPendingEvidence(current: AnnotationDraft): AnnotationDraft | null {
    if (url.trim() === '' && title.trim() === '') return current;
    if (current.evidence.length >= MAX_EVIDENCE_ITEMS) {
      setError(`An annotation can have at most ${MAX_EVIDENCE_ITEMS} evidence links`);
      return null;
    }
    const parsed = evidenceInput.safeParse({ url, title });
    if (!parsed.success) {
      setError(issuesText(parsed.error.issues));
      return null;
    }
    setUrl('');
    setTitle('');
    const next = { ...current, evidence: [...current.evidence, { url: parsed.data.url, title: parsed.data.title, excerpt: null }] };
    setDraft(next);
    return next;
  }

  function addEvidence() {
    setError(null);
    if (url.trim() === '') return setError('Type the evidence URL first');
    addPendingEvidence(draft);
  }

  // Enter in an evidence box adds the link (Ctrl+Enter still saves the whole form).
  function addOnEnter(event: KeyboardEvent) {
    if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      addEvidence();
    }
  }

  function save(event?: FormEvent) {
    event?.preventDefault();
    if (!canSave) return;
    setError(null);
    // Reviewers often type a link and press Save without "Add evidence": keep it rather than lose it.
    const complete = addPendingEvidence(draft);
    if (!complete) return;
    const parsed = annotationFormSchema.safeParse(complete);
    if (!parsed.success) return setError(issuesText(parsed.error.issues));
    onSave(complete);
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && canSave) {
      save();
    }
  }

  const shownError = error ?? serverError;
  return (
    <form className="annotation-form" aria-labelledby={`${id}-heading`} onSubmit={save} onKeyDown={onKeyDown} noValidate>
      <h2 id={`${id}-heading`}>{mode === 'create' ? 'New annotation' : readOnly ? 'Annotation' : 'Edit annotation'}</h2>
      <blockquote className="form-quote">{quote}</blockquote>
      {readOnly && <p className="hint read-only-note">{readOnly}</p>}
      {restored && !readOnly && (
        <p className="draft-note" aria-live="polite">
          Unsaved draft restored: this is what you had typed, not what is saved.{' '}
          {onDiscardDraft && (
            <button type="button" className="link-button" onClick={onDiscardDraft}>
              Discard draft
            </button>
          )}
        </p>
      )}
      {!readOnly && props.assist?.((patch) => setDraft((current) => ({ ...current, ...patch })))}
      <fieldset className="form-body" disabled={!!readOnly}>
        <label htmlFor={`${id}-verdict`}>Verdict</label>
        <select
          id={`${id}-verdict`}
          ref={verdictRef}
          value={draft.verdict}
          onChange={(e) => setDraft({ ...draft, verdict: e.target.value })}
        >
          <option value="" disabled>
            Choose a verdict…
          </option>
          {verdicts.map((v) => (
            <option key={v.key} value={v.key}>
              {v.label}
            </option>
          ))}
        </select>

        <label htmlFor={`${id}-rationale`}>Rationale</label>
        <textarea
          id={`${id}-rationale`}
          rows={5}
          maxLength={MAX_RATIONALE_LENGTH}
          value={draft.rationale}
          onChange={(e) => setDraft({ ...draft, rationale: e.target.value })}
        />

        <fieldset className="claim-details">
          <legend>Claim details for publishing</legend>
          <label htmlFor={`${id}-summary`}>Claim summary</label>
          <input
            id={`${id}-summary`}
            type="text"
            maxLength={MAX_CLAIM_SUMMARY_LENGTH}
            placeholder={defaultClaimSummary(quote)}
            value={draft.claimSummary}
            onChange={(e) => setDraft({ ...draft, claimSummary: e.target.value })}
            aria-describedby={`${id}-summary-hint`}
          />
          <p id={`${id}-summary-hint`} className="hint">
            At most {MAX_CLAIM_SUMMARY_LENGTH} characters. Left empty, the quote is used.
          </p>
          <label htmlFor={`${id}-claim-author`}>Claim made by</label>
          <input
            id={`${id}-claim-author`}
            type="text"
            placeholder="Person or organisation"
            value={draft.claimAuthor}
            onChange={(e) => setDraft({ ...draft, claimAuthor: e.target.value })}
          />
          <label htmlFor={`${id}-appearance`}>Claim first appeared at</label>
          <input
            id={`${id}-appearance`}
            type="url"
            inputMode="url"
            placeholder="https://"
            value={draft.claimAppearanceUrl}
            onChange={(e) => setDraft({ ...draft, claimAppearanceUrl: e.target.value })}
          />
          <label htmlFor={`${id}-appearance-date`}>Date the claim first appeared</label>
          <input
            id={`${id}-appearance-date`}
            type="date"
            value={draft.claimAppearanceDate}
            onChange={(e) => setDraft({ ...draft, claimAppearanceDate: e.target.value })}
          />
        </fieldset>

        <fieldset className="evidence">
          <legend>Evidence</legend>
          {draft.evidence.length > 0 && (
            <ul aria-label="Evidence links">
              {draft.evidence.map((item, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: evidence links have no id and the same URL may be listed twice; the list only grows at its end or loses a row by its button.
                <li key={`${index}:${item.url}`}>
                  <a href={item.url} target="_blank" rel="noopener noreferrer nofollow">
                    {item.title || item.url}
                  </a>
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Remove evidence: ${item.title || item.url}`}
                    onClick={() => setDraft({ ...draft, evidence: draft.evidence.filter((_, i) => i !== index) })}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
          <label htmlFor={`${id}-url`}>Evidence URL</label>
          <input
            id={`${id}-url`}
            type="url"
            inputMode="url"
            placeholder="https://"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            onKeyDown={addOnEnter}
          />
          <label htmlFor={`${id}-etitle`}>Evidence title</label>
          <input id={`${id}-etitle`} type="text" value={title} onChange={(e) => setTitle(e.target.value)} onKeyDown={addOnEnter} />
          <button type="button" onClick={addEvidence}>
            Add evidence
          </button>
        </fieldset>
      </fieldset>
      {shownError && (
        <p role="alert" className="error">
          {shownError}
        </p>
      )}
      {errorAction && !error && serverError && (
        <p className="error-action">
          <button type="button" onClick={errorAction.onClick}>
            {errorAction.label}
          </button>
        </p>
      )}
      <div className="form-actions">
        {canSave && (
          <button type="submit" className="primary" title={`${saveLabel} (Ctrl+Enter)`}>
            {saveLabel}
          </button>
        )}
        <button type="button" onClick={onCancel} title={readOnly ? 'Close (Escape)' : 'Close (Escape): what you typed is kept as a draft'}>
          Close
        </button>
        {onDelete && !readOnly && (
          <button type="button" className="danger" onClick={onDelete}>
            Delete annotation
          </button>
        )}
      </div>
    </form>
  );
}
