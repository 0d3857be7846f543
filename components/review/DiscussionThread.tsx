'use client';
// An annotation's discussion: comments with author and time, newest last.
// Authors edit and delete their own; editors resolve; "@" offers the desk's
// people to mention (MentionTextarea).
// Others' comments come in with the page's change feed (a comment is a change
// of its annotation), not by a poll of its own.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { commentInput } from '@/server/domain/annotation.types';
import { can } from '@/server/domain/policy';
import type { Actor } from '@/server/domain/roles';
import { useChangeFeed } from '../annotations/change-feed';
import { touches } from '../annotations/store/change-source';
import { formatDateTime } from '../ui/format';
import { MentionTextarea } from './MentionTextarea';
import { errorMessage, useTRPC } from '../ui/trpc';

interface Props {
  annotationId: string;
  resolved: boolean;
  viewer: Actor;
  onResolved: () => void;
}

export function DiscussionThread({ annotationId, resolved, viewer, onResolved }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [reply, setReply] = useState('');
  const [editing, setEditing] = useState<{ id: string; body: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const comments = useQuery(trpc.comment.list.queryOptions({ annotationId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.comment.list.queryKey({ annotationId }) });
  useChangeFeed((event) => {
    if (touches(event, annotationId)) void refresh();
  });
  const onError = (e: unknown) => setError(errorMessage(e));
  const post = useMutation(trpc.comment.create.mutationOptions({ onSuccess: () => setReply(''), onError, onSettled: refresh }));
  const edit = useMutation(trpc.comment.edit.mutationOptions({ onSuccess: () => setEditing(null), onError, onSettled: refresh }));
  const remove = useMutation(trpc.comment.delete.mutationOptions({ onError, onSettled: refresh }));
  const resolve = useMutation(trpc.comment.resolve.mutationOptions({ onSuccess: onResolved, onError }));

  function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const parsed = commentInput.safeParse({ annotationId, body: reply });
    if (!parsed.success) return setError(parsed.error.issues.map((i) => i.message).join('; '));
    post.mutate({ id: crypto.randomUUID(), ...parsed.data });
  }

  const list = comments.data ?? [];
  return (
    <section className="discussion" aria-labelledby={`${id}-h`} role="region">
      <h3 id={`${id}-h`}>Discussion</h3>
      {resolved && <p className="hint">Resolved. A new reply reopens it.</p>}
      {comments.isError && (
        <p role="alert" className="error">
          {errorMessage(comments.error)}
        </p>
      )}
      {list.length === 0 ? (
        <p className="hint">No comments yet. The discussion is not published; the rationale is.</p>
      ) : (
        <ol className="comments">
          {list.map((c) => (
            <li key={c.id}>
              <p className="comment-meta">
                <strong>{c.authorName}</strong> · <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
                {c.edited && ' · edited'}
              </p>
              {editing?.id === c.id ? (
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    edit.mutate({ id: c.id, body: editing.body });
                  }}
                  aria-label="Edit comment"
                >
                  <label htmlFor={`${id}-edit-${c.id}`}>Comment text</label>
                  <MentionTextarea
                    id={`${id}-edit-${c.id}`}
                    rows={3}
                    value={editing.body}
                    onChange={(body) => setEditing({ id: c.id, body })}
                  />
                  <button type="submit">Save comment</button>
                  <button type="button" onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                </form>
              ) : (
                <p className="comment-body">{c.body}</p>
              )}
              {c.authorId === viewer.id && editing?.id !== c.id && (
                <span className="row-actions">
                  <button type="button" className="link-button" onClick={() => setEditing({ id: c.id, body: c.body })}>
                    Edit comment
                  </button>
                  <button type="button" className="link-button danger" onClick={() => remove.mutate({ id: c.id })}>
                    Delete comment
                  </button>
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={submit} className="reply-form" aria-label="Reply">
        <label htmlFor={`${id}-reply`}>Reply</label>
        <MentionTextarea id={`${id}-reply`} rows={2} value={reply} onChange={setReply} describedBy={`${id}-reply-hint`} />
        <p id={`${id}-reply-hint`} className="hint">
          Type @ to mention a colleague: pick from the list, or type a first name only they have.
        </p>
        <button type="submit" disabled={post.isPending}>
          Post reply
        </button>
        {can.resolveDiscussion(viewer) && !resolved && list.length > 0 && (
          <button type="button" onClick={() => resolve.mutate({ annotationId })} disabled={resolve.isPending}>
            Resolve
          </button>
        )}
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
