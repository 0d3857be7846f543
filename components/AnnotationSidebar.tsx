'use client';
// The annotations in document order: quote, verdict, start of the rationale, evidence count.
import type { AnnotationView } from '@/server/domain/annotation';
import type { Verdict } from '@/server/domain/verdicts';
import { STATUS_LABELS } from '@/server/domain/workflow';

interface Props {
  annotations: AnnotationView[];
  verdicts: Map<string, Verdict>;
  activeId: string | null;
  onOpen: (id: string) => void;
  /** Whether the signed-in person may change this annotation; the server checks it again. */
  mayChange: (a: AnnotationView) => boolean;
  /** Annotations with an unsaved draft kept in this browser. */
  withDrafts?: Set<string>;
  onDelete: (id: string) => void;
  onConfirmAnchor: (id: string) => void;
}

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

export function AnnotationSidebar({ annotations, verdicts, activeId, onOpen, mayChange, withDrafts, onDelete, onConfirmAnchor }: Props) {
  return (
    <section aria-label="Annotations" className="annotation-list" id="annotations-list" tabIndex={-1}>
      <h2>
        Annotations <span className="count">({annotations.length})</span>
      </h2>
      {annotations.length === 0 ? (
        <p className="hint">Select the text of a claim, then press “Annotate selection”.</p>
      ) : (
        <ol>
          {annotations.map((a) => {
            const verdict = verdicts.get(a.verdict);
            const quote = shorten(a.exact.replace(/\s+/g, ' '), 120);
            return (
              <li key={a.id} id={`item-${a.id}`} className={a.id === activeId ? 'is-active' : undefined} data-annotation-item={a.id}>
                <button type="button" className="item-open" onClick={() => onOpen(a.id)} aria-current={a.id === activeId ? 'true' : undefined}>
                  <span className="item-quote">“{quote}”</span>
                  <span className="item-verdict" data-verdict={a.verdict} style={{ ['--verdict-colour' as string]: verdict?.colour }}>
                    <span aria-hidden="true">{verdict?.icon}</span> {verdict?.label ?? a.verdict}
                  </span>
                  {a.rationale && <span className="item-rationale">{shorten(a.rationale, 140)}</span>}
                  <span className="item-meta">
                    <span className={`item-status is-${a.status}`}>{STATUS_LABELS[a.status]}</span> ·{' '}
                    {a.evidence.length === 1 ? '1 evidence link' : `${a.evidence.length} evidence links`} · {a.author}
                    {a.updatedBy && ` · edited by ${a.updatedBy}`}
                    {a.version === 0 && ' · saving…'}
                    {withDrafts?.has(a.id) && <span className="item-draft"> · unsaved draft</span>}
                  </span>
                  {(a.anchorStatus === 'moved' || a.anchorStatus === 'fuzzy') && (
                    <span className={`anchor-flag is-${a.anchorStatus}`}>
                      {a.anchorStatus === 'fuzzy'
                        ? `Placed by fuzzy match (${Math.round((a.anchorScore ?? 0) * 100)}%): check the highlighted text`
                        : 'Text moved in the new revision: check it'}
                    </span>
                  )}
                  {a.previousExact && a.previousExact !== a.exact && (a.anchorStatus === 'moved' || a.anchorStatus === 'fuzzy') && (
                    <span className="quote-compare">
                      <span className="was">Was: “{shorten(a.previousExact.replace(/\s+/g, ' '), 160)}”</span>
                      <span className="now">Now: “{shorten(a.exact.replace(/\s+/g, ' '), 160)}”</span>
                    </span>
                  )}
                </button>
                {mayChange(a) && (a.anchorStatus === 'moved' || a.anchorStatus === 'fuzzy') && (
                  <button type="button" className="link-button" onClick={() => onConfirmAnchor(a.id)} aria-label={`Confirm position: “${shorten(quote, 40)}”`}>
                    Confirm position
                  </button>
                )}
                {mayChange(a) && (
                  <button type="button" className="link-button danger" onClick={() => onDelete(a.id)} aria-label={`Delete: “${shorten(quote, 40)}”`}>
                    Delete
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
