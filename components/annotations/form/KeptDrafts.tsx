'use client';
// Drafts kept in this browser that the page should not let anyone forget: the
// one just kept when a form closed, and those with no annotation to open them
// from (a new annotation never saved, or one deleted while it was being edited).
import type { KeptDraft } from './form-drafts';

interface Props {
  /** The draft kept when the form last closed, if it is still kept. */
  justKept: KeptDraft | null;
  loose: KeptDraft[];
  onOpen: (kept: KeptDraft) => void;
  onDiscard: (kept: KeptDraft) => void;
}

const short = (text: string) => {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 59).trimEnd()}…` : flat;
};

export function KeptDrafts({ justKept, loose, onOpen, onDiscard }: Props) {
  return (
    <div className="kept-drafts" aria-live="polite">
      {justKept && (
        <p className="notice">
          {justKept.ref.kind === 'edit'
            ? `Unsaved draft kept for the annotation on “${short(justKept.anchor.exact)}”: open it again to go on (it is marked “unsaved draft” in the list).`
            : `Unsaved draft kept for the new annotation on “${short(justKept.anchor.exact)}”.`}
        </p>
      )}
      {loose.map((kept) => {
        const sentence =
          kept.ref.kind === 'create'
            ? `You have an unsaved new annotation on “${short(kept.anchor.exact)}”.`
            : `Someone deleted the annotation on “${short(kept.anchor.exact)}” while you had unsaved changes in it; your text is kept.`;
        return (
          <fieldset key={`${kept.ref.kind}:${kept.ref.id}`} aria-label={sentence} className="notice kept-draft">
            <p>{sentence}</p>
            <button type="button" onClick={() => onOpen(kept)}>
              Open it
            </button>{' '}
            <button type="button" className="link-button danger" onClick={() => onDiscard(kept)}>
              Discard
            </button>
          </fieldset>
        );
      })}
    </div>
  );
}
