import Link from 'next/link';
import { can } from '@/server/domain/policy';
import { signedInPage } from '@/server/http/server-caller';
import { ImportForm } from '@/components/import/ImportForm';
import { RecentlyDeleted } from '@/components/article/RecentlyDeleted';
import { UrlImportForm } from '@/components/import/UrlImportForm';
import { formatDate } from '@/components/ui/format';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<{ deleted?: string | string[] }>;

export default async function HomePage({ searchParams }: { searchParams: SearchParams }) {
  const { caller, user } = await signedInPage('/');
  const articles = await caller.article.list();
  const canImport = can.importArticles(user);
  const deleted = can.manageArticles(user) ? await caller.article.deletedList() : [];
  // After a delete on the editor page, which lands here: say what went, by its stored title.
  const { deleted: deletedId } = await searchParams;
  const justDeleted = deleted.find((a) => String(a.id) === deletedId);
  return (
    <main className="home">
      <div>
        <section aria-labelledby="articles-heading" className="article-list">
          <h1 id="articles-heading">Articles</h1>
          {justDeleted && (
            <p role="status" className="notice">
              Deleted “{justDeleted.title}”
              {justDeleted.annotationCount > 0 &&
                ` and its ${justDeleted.annotationCount === 1 ? 'annotation' : `${justDeleted.annotationCount} annotations`}`}
              . It can be restored under Recently deleted.
            </p>
          )}
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
        <RecentlyDeleted articles={deleted} />
      </div>
      {canImport && (
        <div>
          <ImportForm />
          <UrlImportForm />
        </div>
      )}
    </main>
  );
}
