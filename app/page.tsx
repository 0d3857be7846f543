import Link from 'next/link';
import { atLeast } from '@/server/domain/roles';
import { signedInPage } from '@/server/http/server-caller';
import { ImportForm } from '@/components/ImportForm';
import { UrlImportForm } from '@/components/UrlImportForm';
import { formatDate } from '@/components/format';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const { caller, user } = await signedInPage('/');
  const articles = await caller.article.list();
  const canImport = atLeast(user.role, 'reviewer');
  return (
    <main className="home">
      <section aria-labelledby="articles-heading" className="article-list">
        <h1 id="articles-heading">Articles</h1>
        {articles.length === 0 ? (
          <p>No articles yet. Import one to start checking it.</p>
        ) : (
          <ul>
            {articles.map((article) => (
              <li key={article.id}>
                <Link href={`/articles/${article.id}`}>{article.title}</Link>
                <span className="meta">
                  {' '}
                  · <time dateTime={article.createdAt}>{formatDate(article.createdAt)}</time> ·{' '}
                  {article.annotationCount === 1 ? '1 annotation' : `${article.annotationCount} annotations`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {canImport && (
        <div>
          <ImportForm />
          <UrlImportForm />
        </div>
      )}
    </main>
  );
}
