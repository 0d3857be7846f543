'use client';
// Counts per status at the top of the list, and the filters by status and
// verdict. Each status is named with its mark, never by colour alone.
import { useId } from 'react';
import type { Verdict } from '@/server/domain/verdicts';
import { type AnnotationStatus, STATUS_LABELS } from '@/server/domain/workflow';
import type { ListFilter } from './list-filter';

/** The order work moves through. */
export const STATUS_ORDER: AnnotationStatus[] = ['draft', 'in_review', 'changes_requested', 'approved'];

interface Props {
  counts: Record<AnnotationStatus, number>;
  filter: ListFilter;
  onFilter: (filter: ListFilter) => void;
  verdicts: Map<string, Verdict>;
}

export function ListFilters({ counts, filter, onFilter, verdicts }: Props) {
  const id = useId();
  return (
    <div className="list-filters">
      {/* A line of text, not a list: the list items of this region are its annotations. */}
      <p className="status-counts">
        {STATUS_ORDER.map((s) => (
          <span key={s} className={`item-status is-${s}`}>
            {STATUS_LABELS[s]}: {counts[s]}
          </span>
        ))}
      </p>
      {/* Labelled "Show …" so that neither reads as the form's own Status or Verdict fields. */}
      <div className="filter-fields">
        <label htmlFor={`${id}-status`}>Show status</label>
        <select
          id={`${id}-status`}
          value={filter.status}
          onChange={(e) => onFilter({ ...filter, status: e.target.value as AnnotationStatus | '' })}
        >
          <option value="">All statuses</option>
          {STATUS_ORDER.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]} ({counts[s]})
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-verdict`}>Show rating</label>
        <select id={`${id}-verdict`} value={filter.verdict} onChange={(e) => onFilter({ ...filter, verdict: e.target.value })}>
          <option value="">All ratings</option>
          {[...verdicts.values()].map((v) => (
            <option key={v.key} value={v.key}>
              {v.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
