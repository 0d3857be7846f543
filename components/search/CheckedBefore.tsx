'use client';
// "Checked before": earlier annotations in other articles on the same claim,
// best first, shown beside the form. "Use this check" copies the verdict, the
// evidence and a rationale that cites the earlier check into the form, unsaved,
// for the checker to confirm.
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { EvidenceView } from '@/server/domain/annotation';
import { citingRationale, type EarlierCheck } from '@/server/domain/search.types';
import { STATUS_LABELS } from '@/server/domain/workflow';
import { formatDate } from '../ui/format';
import { useTRPC } from '../ui/trpc';

export interface CheckFill {
  verdict: string;
  rationale: string;
  evidence: EvidenceView[];
}

interface Props {
  articleId: number;
  /** The annotation being edited, left out of its own suggestions. */
  annotationId?: string;
  /** The claim: its quote. */
  text: string;
  verdictLabels: Record<string, string>;
  onUse: (fill: CheckFill) => void;
}

const shorten = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
};

export function CheckedBefore({ articleId, annotationId, text, verdictLabels, onUse }: Props) {
  const trpc = useTRPC();
  const id = useId();
  const [used, setUsed] = useState<string | null>(null);
  const query = useQuery({
    ...trpc.search.checkedBefore.queryOptions({ articleId, text: text.slice(0, 4000), annotationId }),
    enabled: text.trim().length > 0,
    staleTime: 60_000,
  });
  const checks = query.data ?? [];
  if (checks.length === 0) return null;

  function use(check: EarlierCheck) {
    const link = new URL(check.href, window.location.origin).toString();
    onUse({
      verdict: check.verdict,
      rationale: citingRationale(check, link),
      evidence: check.evidence.map((e) => ({ url: e.url, title: e.title, excerpt: null })),
    });
    setUsed(check.annotationId);
  }

  return (
    <section className="checked-before" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Checked before</h3>
      <ol>
        {checks.map((check) => (
          <li key={check.annotationId}>
            <blockquote>{shorten(check.quote, 200)}</blockquote>
            <p className="checked-before-meta">
              <strong>{verdictLabels[check.verdict] ?? check.verdict}</strong> ({STATUS_LABELS[check.status]}) in{' '}
              <a href={check.href} target="_blank" rel="noopener">
                {check.articleTitle}
              </a>{' '}
              · {check.checker} · <time dateTime={check.date}>{formatDate(check.date)}</time>
            </p>
            <button type="button" onClick={() => use(check)} aria-describedby={`${id}-${check.annotationId}`}>
              Use this check
            </button>
            <span id={`${id}-${check.annotationId}`} className="visually-hidden">
              {`${verdictLabels[check.verdict] ?? check.verdict}, from ${check.articleTitle}`}
            </span>
          </li>
        ))}
      </ol>
      <p className={used ? 'notice' : undefined} aria-live="polite">
        {used ? 'Copied into the form, not saved: check the verdict, rationale and evidence, then save.' : ''}
      </p>
    </section>
  );
}
