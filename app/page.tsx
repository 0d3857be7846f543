import Link from 'next/link';
import { can } from '@/server/domain/policy';
import { signedInPage } from '@/server/http/server-caller';
import { ImportForm } from '@/components/import/ImportForm';
import { RecentlyDeleted } from '@/components/article/RecentlyDeleted';
import { UrlImportForm } from '@/components/import/UrlImportForm';
import { formatDate } from '@/components/ui/format';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<{ deleted?: string | string[]; welcome?: string | string[] }>;

/** Right after first-run setup (AccountForm sends the new admin here with ?welcome): the two things to do next. */
function WhatNext() {
  return (
    <section className="notice what-next" aria-labelledby="what-next-heading">
      <h2 id="what-next-heading">Your desk is ready: what next</h2>
      <ol>
        <li>
          <a href="#import">Import an article</a>: paste its text, upload a file or give its address (the form beside this list). Then
          select a claim and annotate it.
        </li>
        <li>
          <Link href="/settings/people">Invite people</Link>: each invite is a link for one person with a role (Editor, Reviewer or Viewer).
          No email is sent: you pass the link on.
        </li>
        <li>
          Optionally, adjust the verdict scale and the desk&apos;s name in <Link href="/settings">Settings</Link>.
        </li>
      </ol>
    </section>
  );
}

export default async function HomePage({ searchParams }: { searchParams: SearchParams }) {
  const { caller, user } = await signedInPage('/');
  const articles = await caller.article.list();
  const canImport = can.importArticles(user);
  const deleted = can.manageArticles(user) ? await caller.article.deletedList() : [];
  // After a delete on the editor page, which lands here: say what went, by its stored title.
  const { deleted: deletedId, welcome } = await searchParams;
  const justDeleted = deleted.find((a) => String(a.id) === deletedId);
  return (
    <main className="home">
      <div>
        <section aria-labelledby="articles-heading" className="article-list">
          <h1 id="articles-heading">Articles</h1>
          {welcome !== undefined && can.managePeople(user) && <WhatNext />}
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
        <div id="import">
          <ImportForm />
          <UrlImportForm />
        </div>
      )}
    </main>
  );
}
