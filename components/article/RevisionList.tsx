import Link from 'next/link';
import { formatDate } from '../ui/format';

interface Props {
  articleId: number;
  current: number;
  revisions: { number: number; createdAt: string }[];
}

/** Earlier revisions stay readable, so a reviewer can see what the publisher changed. */
export function RevisionList({ articleId, current, revisions }: Props) {
  if (revisions.length < 2) return null;
  return (
    <nav aria-label="Revisions" className="revisions">
      <h2>Revisions</h2>
      <ol reversed>
        {revisions.map((r) => (
          <li key={r.number}>
            {r.number === current ? (
              <span>
                Revision {r.number} (current) · {formatDate(r.createdAt)}
              </span>
            ) : (
              <Link href={`/articles/${articleId}/revisions/${r.number}`}>
                Revision {r.number} · {formatDate(r.createdAt)}
              </Link>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
