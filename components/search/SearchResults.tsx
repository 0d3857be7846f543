// The results: each links to the annotation opened in its article (or to the article).
import Link from 'next/link';
import type { SearchResult } from '@/server/domain/search.types';
import { STATUS_LABELS } from '@/server/domain/workflow';
import { formatDate } from '../ui/format';
import { SnippetText } from './SnippetText';

interface Props {
  results: SearchResult[];
  more: boolean;
  verdictLabels: Record<string, string>;
}

export function SearchResults({ results, more, verdictLabels }: Props) {
  return (
    <section className="search-results" aria-labelledby="results-heading">
      <h2 id="results-heading" aria-live="polite">
        {results.length === 0 ? 'Nothing found' : `${results.length}${more ? '+' : ''} found`}
      </h2>
      <ol aria-label="Results" className="results">
        {results.map((r) => (
          <li key={`${r.kind}:${r.annotationId ?? r.articleId}`}>
            <p className="result-title">
              <Link href={r.href}>{r.kind === 'annotation' ? `Annotation in “${r.articleTitle}”` : `Article “${r.articleTitle}”`}</Link>
            </p>
            <p className="result-snippet">
              <SnippetText parts={r.snippet} />
            </p>
            <p className="result-meta">
              {r.verdict && <span className="result-verdict">{verdictLabels[r.verdict] ?? r.verdict}</span>}
              {r.status && <span className={`item-status is-${r.status}`}>{STATUS_LABELS[r.status]}</span>}
              {r.checker && <span>Checked by {r.checker}</span>}
              <time dateTime={r.date}>{formatDate(r.date)}</time>
            </p>
          </li>
        ))}
      </ol>
      {more && <p className="hint">Only the best matches are shown: add words or filters to narrow the search.</p>}
    </section>
  );
}
