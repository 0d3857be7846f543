'use client';
// Before "Restore this version" writes anything: what it will change, field
// by field (now, and after restoring), with Restore and Cancel.
import { useId } from 'react';
import type { FieldChange } from '@/server/domain/history';

/** What restoring a version changes, field by field (now → after restoring), before anything is written. */
export function RestorePreview({
  when,
  changes,
  pending,
  onConfirm,
  onCancel,
}: {
  when: string;
  changes: FieldChange[];
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const id = useId();
  return (
    <fieldset className="confirm restore-preview" aria-labelledby={`${id}-h`}>
      <legend id={`${id}-h`}>Restore the version of {when}?</legend>
      {changes.length === 0 ? (
        <p>It is the same as the current version: restoring it changes nothing.</p>
      ) : (
        <table className="restore-changes">
          <caption className="visually-hidden">What restoring changes</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Now</th>
              <th scope="col">After restoring</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.field}>
                <th scope="row">{c.field}</th>
                <td>{c.now}</td>
                <td>{c.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="primary" onClick={onConfirm} disabled={pending}>
        Restore
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </fieldset>
  );
}
