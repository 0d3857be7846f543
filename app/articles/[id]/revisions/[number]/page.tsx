import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { DocumentView } from '@/components/DocumentView';
import { formatDate } from '@/components/format';
import { AppError } from '@/server/errors';
import { currentRevision, getRevision } from '@/server/services/revisions';

export const dynamic = 'force-dynamic';

export default async function RevisionPage({ params }: { params: Promise<{ id: string; number: string }> }) {
  const { id, number } = await params;
  if (!/^\d{1,15}$/.test(id) || !/^\d{1,9}$/.test(number)) notFound();
  const db = getDb();
  let revision;
  try {
    revision = getRevision(db, Number(id), Number(number));
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
  const latest = currentRevision(db, Number(id));
  return (
    <main className="revision-page">
      <p className="notice" role="note">
        Revision {revision.number} of {latest}, saved {formatDate(revision.createdAt)}. This is an earlier text of the article and
        is read-only. <Link href={`/articles/${id}`}>Back to the current revision</Link>
      </p>
      <DocumentView doc={revision.doc} />
    </main>
  );
}
