'use client';
// What to do with the selected annotations: submit, approve or assign them all
// at once. The server takes each by the single step's rules (services/bulk.ts)
// and answers what went through and what was refused, with the reason; the
// result is said in a status region, so a screen reader hears it too.
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import type { BulkOutcome } from '@/server/domain/bulk.types';
import { can } from '@/server/domain/policy';
import type { Actor } from '@/server/domain/roles';
import { errorMessage, useTRPC, useTRPCClient } from '../../ui/trpc';

interface Props {
  viewer: Actor;
  /** The selected annotations, in list order. */
  selected: string[];
  /** Every annotation the list shows now (what "Select all shown" selects). */
  shownCount: number;
  onSelectAllShown: () => void;
  onClear: () => void;
  /** "“The mayor said…”": how the result names an annotation. */
  nameOf: (id: string) => string;
  /** What went through: the new versions, and the refused ones, which stay selected. */
  onDone: (views: AnnotationView[], refusedIds: string[]) => void;
  /** Ready when nothing is on its way to the server: a step must apply to what it has. */
  ready: boolean;
}

interface Result {
  said: string;
  refused: { id: string; message: string }[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function BulkActions({ viewer, selected, shownCount, onSelectAllShown, onClear, nameOf, onDone, ready }: Props) {
  const client = useTRPCClient();
  const trpc = useTRPC();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [assignee, setAssignee] = useState('');
  const mayAssign = can.assignAnyone(viewer);
  const people = useQuery({ ...trpc.queue.assignees.queryOptions(), enabled: mayAssign, staleTime: 60_000 });

  async function run<T>(verb: string, call: () => Promise<BulkOutcome<T>>, viewsOf: (done: T[]) => AnnotationView[]) {
    setBusy(true);
    setResult(null);
    try {
      const outcome = await call();
      const views = viewsOf(outcome.done);
      onDone(
        views,
        outcome.refused.map((r) => r.id),
      );
      const refused = outcome.refused.map((r) => ({ id: r.id, message: r.message }));
      const total = outcome.done.length + refused.length;
      setResult({
        said: `${verb} ${outcome.done.length} of ${plural(total, 'annotation')}.${refused.length ? ` ${refused.length} refused:` : ''}`,
        refused,
      });
    } catch (error) {
      setResult({ said: `Nothing was changed: ${errorMessage(error)}`, refused: [] });
    } finally {
      setBusy(false);
    }
  }

  const ids = selected;
  const disabled = busy || !ready || ids.length === 0;
  return (
    <div className="bulk-actions">
      <fieldset className="bulk-bar">
        <legend className="visually-hidden">Selected annotations</legend>
        <button type="button" className="link-button" onClick={onSelectAllShown} disabled={shownCount === 0}>
          Select all shown
        </button>
        {ids.length > 0 && (
          <>
            <span className="bulk-count">{plural(ids.length, 'selected', 'selected')}</span>
            <button type="button" className="link-button" onClick={onClear}>
              Clear selection
            </button>
          </>
        )}
        <button
          type="button"
          disabled={disabled}
          onClick={() =>
            run(
              'Submitted',
              () => client.annotation.submitMany.mutate({ ids }),
              (done) => done,
            )
          }
        >
          Submit selected
        </button>
        {can.review(viewer) && (
          <button
            type="button"
            className="primary"
            disabled={disabled}
            onClick={() =>
              run(
                'Approved',
                () => client.annotation.approveMany.mutate({ ids }),
                (done) => done,
              )
            }
          >
            Approve selected
          </button>
        )}
        {mayAssign && (
          <span className="bulk-assign">
            <label htmlFor={`${id}-assignee`}>Assign to</label>
            <select id={`${id}-assignee`} value={assignee} onChange={(e) => setAssignee(e.target.value)}>
              <option value="">Nobody</option>
              {people.data?.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={disabled}
              onClick={() =>
                run(
                  assignee ? 'Assigned' : 'Unassigned',
                  () => client.queue.assignMany.mutate({ ids, assigneeId: assignee || null }),
                  () => [],
                )
              }
            >
              Assign selected
            </button>
          </span>
        )}
      </fieldset>
      {!ready && ids.length > 0 && <p className="hint">Waiting for changes to be saved…</p>}
      <div role="status" className="bulk-result">
        {result && (
          <>
            <p>{result.said}</p>
            {result.refused.length > 0 && (
              <ul aria-label="Refused">
                {result.refused.map((r) => (
                  <li key={r.id}>
                    {nameOf(r.id)}: {r.message}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </div>
  );
}
