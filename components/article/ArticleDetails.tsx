'use client';
// "Article details": what the export's header says about the article. Everyone
// reads them; reviewers and above edit them; editors and admins delete the article.
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { ArticleDetailsForm } from './ArticleDetailsForm';
import { DeleteArticle } from './DeleteArticle';
import type { ArticleDetails as Details } from '@/server/domain/article.types';

interface Props {
  article: Details;
  canEdit: boolean;
  canDelete: boolean;
  annotationCount: number;
  /** All changes saved: deleting waits for pending saves. */
  ready: boolean;
}

const NOT_GIVEN = <span className="hint">not given</span>;

export function ArticleDetails({ article, canEdit, canDelete, annotationCount, ready }: Props) {
  const id = useId();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  return (
    <section className="article-details" aria-labelledby={`${id}-h`} role="region">
      <h2 id={`${id}-h`}>Article details</h2>
      {editing ? (
        <ArticleDetailsForm
          article={article}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setSaved(true);
            // The page's title and the details shown here come from the server.
            router.refresh();
          }}
        />
      ) : (
        <>
          <dl>
            <dt>Title</dt>
            <dd>{article.title}</dd>
            <dt>Source URL</dt>
            <dd>
              {article.sourceUrl ? (
                <a href={article.sourceUrl} rel="noopener noreferrer nofollow">
                  {article.sourceUrl}
                </a>
              ) : (
                NOT_GIVEN
              )}
            </dd>
            <dt>Byline</dt>
            <dd>{article.byline ?? NOT_GIVEN}</dd>
            <dt>Publication date</dt>
            <dd>{article.publishedAt ? <time dateTime={article.publishedAt}>{article.publishedAt}</time> : NOT_GIVEN}</dd>
          </dl>
          <p role="status" className="saved">
            {saved ? 'Details saved' : ''}
          </p>
          <div className="form-actions">
            {canEdit && (
              <button
                type="button"
                onClick={() => {
                  setSaved(false);
                  setEditing(true);
                }}
              >
                Edit details
              </button>
            )}
            {canDelete && <DeleteArticle article={article} annotationCount={annotationCount} ready={ready} />}
          </div>
        </>
      )}
    </section>
  );
}
