'use client';
// Who is to work on the open annotation next. Editors and admins assign anyone
// who may annotate ("Assigned to"); a reviewer takes an unassigned one
// ("Assign to me"); everyone else reads it. Each change is in the history.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { can } from '@/server/domain/policy';
import type { Actor } from '@/server/domain/roles';
import { errorMessage, useTRPC } from '../ui/trpc';

interface Props {
  annotationId: string;
  viewer: Actor;
}

export function Assignment({ annotationId, viewer }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [said, setSaid] = useState('');
  const isEditor = can.assignAnyone(viewer);
  const canAnnotate = can.annotate(viewer);
  const assignee = useQuery(trpc.queue.assignee.queryOptions({ id: annotationId }));
  const people = useQuery({ ...trpc.queue.assignees.queryOptions(), enabled: isEditor, staleTime: 60_000 });
  const assign = useMutation(
    trpc.queue.assign.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.queue.assignee.queryKey({ id: annotationId }), next);
        void queryClient.invalidateQueries({ queryKey: trpc.annotation.history.queryKey({ id: annotationId }) });
        setSaid(next ? `Assigned to ${next.name}.` : 'Nobody is assigned now.');
      },
    }),
  );
  if (assignee.isPending) return null;
  const current = assignee.data ?? null;

  return (
    <section className="assignment" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} className="visually-hidden">
        Assignment
      </h3>
      {isEditor ? (
        <p>
          <label htmlFor={`${id}-who`}>Assigned to</label>{' '}
          <select
            id={`${id}-who`}
            value={current?.id ?? ''}
            disabled={assign.isPending || !people.data}
            onChange={(e) => assign.mutate({ id: annotationId, assigneeId: e.target.value || null })}
          >
            <option value="">Nobody</option>
            {current && !people.data?.some((p) => p.id === current.id) && <option value={current.id}>{current.name}</option>}
            {people.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </p>
      ) : (
        <p>
          Assigned to: {current ? current.name : 'nobody'}
          {canAnnotate && !current && (
            <>
              {' '}
              <button type="button" disabled={assign.isPending} onClick={() => assign.mutate({ id: annotationId, assigneeId: viewer.id })}>
                Assign to me
              </button>
            </>
          )}
        </p>
      )}
      <p aria-live="polite" className={said ? 'notice' : undefined}>
        {said}
      </p>
      {assign.error && (
        <p role="alert" className="error">
          {errorMessage(assign.error)}
        </p>
      )}
    </section>
  );
}
