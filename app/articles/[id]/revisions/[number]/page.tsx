import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatDate } from '@/components/ui/format';
import { signedInPage } from '@/server/http/server-caller';

export const dynamic = 'force-dynamic';

export default async function RevisionPage({ params }: { params: Promise<{ id: string; number: string }> }) {
  const { id, number } = await params;
  const { caller } = await signedInPage(`/articles/${id}/revisions/${number}`);
  if (!/^\d{1,15}$/.test(id) || !/^\d{1,9}$/.test(number) || Number(number) < 1) notFound();
  let revision: Awaited<ReturnType<typeof caller.article.revisionPage>>;
  try {
    revision = await caller.article.revisionPage({ id: Number(id), number: Number(number) });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  }
  return (
    <main className="revision-page">
      <p className="notice" role="note">
        Revision {revision.number} of {revision.latest}, saved {formatDate(revision.createdAt)}. This is an earlier text of the article and
        is read-only. <Link href={`/articles/${id}`}>Back to the current revision</Link>
      </p>
      {/* Rendered in the worker pool from the stored text, escaped as React would (server/export/revision-html.ts). */}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: our own renderer's output, every text and attribute escaped and only safe links kept; rendering it as components held the request thread for seconds on a long article */}
      <div className="article-body" dangerouslySetInnerHTML={{ __html: revision.html }} />
    </main>
  );
}
