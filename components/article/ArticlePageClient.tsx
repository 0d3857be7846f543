'use client';
// Loads the article's document (apart from the page, once: see
// useArticleDocument) and keeps the workspace's notice across the remount
// that a new revision causes (the editor is rebuilt on the new document,
// keyed by revision number).
import { useRouter } from 'next/navigation';
import { useEffect, useState, type ComponentProps } from 'react';
import { useNotificationHub } from '../live/NotificationHubProvider';
import { ArticleWorkspace } from './ArticleWorkspace';
import { documentUrl, useArticleDocument } from './useArticleDocument';

type Props = Omit<ComponentProps<typeof ArticleWorkspace>, 'notice' | 'onRevisionSaved' | 'doc'>;

export function ArticlePageClient(props: Props) {
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(null);
  const { id, revision, title } = props.article;
  const loaded = useArticleDocument(id, revision);
  const hub = useNotificationHub();
  // The article's stream will carry the notifications once the document is here and the workspace opens it:
  // said now (a parent's effect, the hub's, runs after this one), so the hub never opens a stream of its own meanwhile.
  useEffect(() => hub?.carry(), [hub]);
  if (loaded.state !== 'ready')
    return (
      <section className="article-loading" aria-label={title} data-document-url={documentUrl(id)}>
        <h1 className="article-title">{title}</h1>
        {loaded.state === 'loading' ? (
          <p role="status">{loaded.message ?? 'Loading the article…'}</p>
        ) : (
          <p role="alert">
            {loaded.message}{' '}
            <button type="button" onClick={loaded.retry}>
              Try again
            </button>
          </p>
        )}
      </section>
    );
  return (
    <ArticleWorkspace
      key={revision}
      {...props}
      doc={loaded.doc}
      notice={notice}
      onRevisionSaved={(message) => {
        setNotice(message);
        router.refresh();
      }}
    />
  );
}
