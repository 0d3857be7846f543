'use client';
// Annotations whose text could not be found in the current revision. They keep
// their verdict, rationale and evidence until a reviewer re-attaches or deletes them.
import type { AnnotationView } from '@/server/domain/annotation';
import type { AnnotationSummary } from '@/server/domain/annotation-index';
import type { Verdict } from '@/server/domain/verdicts';

interface Props {
  orphans: AnnotationSummary[];
  /** Full versions loaded so far (for the rationale). */
  details: Map<string, AnnotationView>;
  verdicts: Map<string, Verdict>;
  canAttach: boolean;
  mayChange: (a: AnnotationSummary) => boolean;
  onReattach: (id: string) => void;
  onDelete: (id: string) => void;
}

export function NeedsReanchoring({ orphans, details, verdicts, canAttach, mayChange, onReattach, onDelete }: Props) {
  if (orphans.length === 0) return null;
  return (
    <section aria-label="Needs re-anchoring" className="orphans">
      <h2>Needs re-anchoring ({orphans.length})</h2>
      <p className="hint">
        Their text is no longer in the article. Select the text they belong to now, then press “Re-attach to selection”.
      </p>
      <ul>
        {orphans.map((a) => {
          const exact = a.exact ?? '';
          const rationale = details.get(a.id)?.rationale;
          return (
            <li key={a.id} data-annotation-item={a.id}>
              <span className="item-quote">“{exact}”</span>{' '}
              <span className="item-verdict" data-verdict={a.verdict}>
                {verdicts.get(a.verdict)?.label ?? a.verdict}
              </span>
              {rationale && <span className="item-rationale">{rationale}</span>}
              {mayChange(a) && (
                <span className="row-actions">
                  <button
                    type="button"
                    onClick={() => onReattach(a.id)}
                    aria-disabled={!canAttach}
                    title="Select text in the article first"
                  >
                    Re-attach to selection
                  </button>
                  <button
                    type="button"
                    className="link-button danger"
                    onClick={() => onDelete(a.id)}
                    aria-label={`Delete: “${exact.slice(0, 40)}”`}
                  >
                    Delete
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
