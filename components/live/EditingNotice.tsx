'use client';
// "<Name> is editing": someone else has this annotation open. In the panel it
// says what happens if both save: whoever saves second is asked to compare.
import { editingSentence, useEditingBy } from './LiveDesk';

export function EditingBadge({ annotationId, prefix = '' }: { annotationId: string; prefix?: string }) {
  const sentence = editingSentence(useEditingBy(annotationId));
  return sentence ? (
    <span className="editing-badge">
      {prefix}
      {sentence}
    </span>
  ) : null;
}

export function EditingNotice({ annotationId, readOnly }: { annotationId: string; readOnly: boolean }) {
  const sentence = editingSentence(useEditingBy(annotationId));
  if (!sentence) return null;
  return (
    <p className="notice editing-notice" role="note">
      {sentence}.{' '}
      {readOnly ? '' : 'If you both save, whoever saves second will be asked to compare the two versions: agree who edits first.'}
    </p>
  );
}
