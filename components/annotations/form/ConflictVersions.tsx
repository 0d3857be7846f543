'use client';
// Someone saved this annotation while you were editing it. Both versions side
// by side, with who and when, field by field: every field either side changed
// (claim details included). Fields only one side changed are already kept from
// that side (merge-fields.ts); only fields both changed wait for "Keep mine" or
// "Keep theirs". Whichever is kept, the other stays in the history.
import { Fragment, useId } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import type { Verdict } from '@/server/domain/verdicts';
import { draftOf, type AnnotationDraft } from '../annotation-draft';
import { formatDate } from '../../ui/format';
import { FIELD_LABELS, MERGED_FIELDS, sameField, type FieldMerge, type MergedField } from './merge-fields';

interface Props {
  theirs: AnnotationView;
  yours: AnnotationDraft;
  /** How the two merged; without it, every field that differs is shown as waiting. */
  merge?: FieldMerge;
  yourName: string;
  verdicts: Map<string, Verdict>;
  onKeepMine: () => void;
  onKeepTheirs: () => void;
}

function Value({ field, draft, label }: { field: MergedField; draft: AnnotationDraft; label: (key: string) => string }) {
  if (field === 'evidence') {
    return draft.evidence.length ? (
      <ul>
        {draft.evidence.map((e) => (
          <li key={e.url}>{e.url}</li>
        ))}
      </ul>
    ) : (
      '(none)'
    );
  }
  if (field === 'verdict') return label(draft.verdict);
  return draft[field].trim() || '(none)';
}

function Version({
  title,
  who,
  draft,
  fields,
  label,
}: {
  title: string;
  who: string;
  draft: AnnotationDraft;
  fields: MergedField[];
  label: (key: string) => string;
}) {
  const id = useId();
  return (
    <section className="version" aria-labelledby={id} role="region">
      <h4 id={id}>{title}</h4>
      <p className="hint">{who}</p>
      <dl>
        {fields.map((field) => (
          <Fragment key={field}>
            <dt>{FIELD_LABELS[field]}</dt>
            <dd>
              <Value field={field} draft={draft} label={label} />
            </dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}

const names = (fields: MergedField[]) => fields.map((f) => FIELD_LABELS[f]).join(', ');

export function ConflictVersions({ theirs, yours, merge, yourName, verdicts, onKeepMine, onKeepTheirs }: Props) {
  const label = (key: string) => verdicts.get(key)?.label ?? key;
  const theirDraft = draftOf(theirs);
  const who = theirs.updatedBy ?? theirs.author;
  const waiting = merge ? merge.conflicts : MERGED_FIELDS.filter((f) => !sameField(f, yours, theirDraft));
  // Every field a save would change, in the form's order: those waiting, and those already kept from one side.
  const shown = MERGED_FIELDS.filter((f) => waiting.includes(f) || merge?.theirs.includes(f) || merge?.yours.includes(f));
  return (
    <div className="conflict">
      <div className="versions">
        <Version
          title="Their version"
          who={`Saved by ${who}, ${formatDate(theirs.updatedAt)}`}
          draft={theirDraft}
          fields={shown}
          label={label}
        />
        <Version title="Your version" who={`${yourName}, not saved`} draft={yours} fields={shown} label={label} />
      </div>
      <ul className="hint conflict-merge">
        {waiting.length > 0 && <li>Changed by both of you, waiting for your choice: {names(waiting)}.</li>}
        {merge && merge.theirs.length > 0 && (
          <li>
            Changed only by {who}, kept from their version: {names(merge.theirs)}.
          </li>
        )}
        {merge && merge.yours.length > 0 && <li>Changed only by you, kept from yours: {names(merge.yours)}.</li>}
      </ul>
      <p className="conflict-actions">
        <button type="button" className="primary" onClick={onKeepMine}>
          Keep mine
        </button>
        <button type="button" onClick={onKeepTheirs}>
          Keep theirs
        </button>
        <span className="hint"> Or edit the form below into a merged version and save it. The version not kept stays in the history.</span>
      </p>
    </div>
  );
}
