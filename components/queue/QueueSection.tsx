// One section of "My work": its count in the heading, one row per annotation, each linking to it.
import Link from 'next/link';
import type { QueueItem } from '@/server/domain/search.types';
import { STATUS_LABELS } from '@/server/domain/workflow';
import { formatDate } from '../ui/format';

interface Props {
  title: string;
  items: QueueItem[];
  verdictLabels: Record<string, string>;
  empty: string;
}

const shorten = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
};

export function QueueSection({ title, items, verdictLabels, empty }: Props) {
  const headingId = `queue-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section className="queue-section" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {title} ({items.length})
      </h2>
      {items.length === 0 ? (
        <p className="hint">{empty}</p>
      ) : (
        <ul aria-labelledby={headingId} className="queue-list">
          {items.map((item) => (
            <li key={item.annotationId}>
              <Link href={item.href}>“{shorten(item.quote, 80)}”</Link>
              <span className="queue-meta">
                {' '}
                in {item.articleTitle} · {verdictLabels[item.verdict] ?? item.verdict} ·{' '}
                <span className={`item-status is-${item.status}`}>{STATUS_LABELS[item.status]}</span> · by {item.author}
                {item.assignee && <> · assigned to {item.assignee}</>} · <time dateTime={item.updatedAt}>{formatDate(item.updatedAt)}</time>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
