import Link from 'next/link';
import { formatDate } from '@/components/ui/format';
import { signedInPage } from '@/server/http/server-caller';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Mentions · Fact-check editor' };

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

export default async function MentionsPage() {
  const { caller } = await signedInPage('/mentions');
  const mentions = await caller.comment.mentions();
  return (
    <main className="mentions-page">
      <h1>Mentions</h1>
      {mentions.length === 0 ? (
        <p>Nobody has mentioned you yet. Colleagues mention you by writing @ and your name in a discussion.</p>
      ) : (
        <ol className="mentions">
          {mentions.map((m) => (
            <li key={m.commentId}>
              <p className="comment-meta">
                <strong>{m.authorName}</strong> · <time dateTime={m.createdAt}>{formatDate(m.createdAt)}</time> · {m.articleTitle}
              </p>
              <p className="comment-body">{m.body}</p>
              <p>
                <Link href={`/articles/${m.articleId}#annotation-${m.annotationId}`}>
                  Open the annotation on “{shorten(m.quote.replace(/\s+/g, ' '), 60)}”
                </Link>
              </p>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
