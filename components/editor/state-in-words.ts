// What the colour and the sidebar show about an annotation besides its verdict,
// in words: screen readers hear it with the highlight, and Alt+Down/Up says it.
import type { AnnotationView } from '@/server/domain/annotation';
import { STATUS_LABELS } from '@/server/domain/workflow';

/** "draft", "in review, fuzzy match", "approved, moved". */
export function stateInWords(a: Pick<AnnotationView, 'status' | 'anchorStatus'>): string {
  const words = [STATUS_LABELS[a.status].toLowerCase()];
  if (a.anchorStatus === 'fuzzy') words.push('fuzzy match');
  else if (a.anchorStatus === 'moved') words.push('moved');
  return words.join(', ');
}
