// How a highlight segment looks. Colour is never the only cue: every
// annotation also ends with a badge naming its verdict (see annotation-plugin).
// Segments carry classes, not inline styles: one stylesheet per page maps each
// verdict to its colour, and thousands of segments share it.
import { safeColour } from '@/server/domain/verdicts';

export interface VerdictStyle {
  key: string;
  label: string;
  colour: string;
  icon: string;
}

/** How many stacked underlines a segment shows; deeper nesting shows the innermost ones. */
export const MAX_DEPTH = 4;

/**
 * Classes for a segment covered by annotations whose verdicts are `indexes`
 * (places in the verdict scale, -1 when unknown), outermost first: a depth
 * class and, per layer counted from the innermost, the colour of its verdict.
 * Stacked underlines, outermost lowest, plus a tint of the innermost verdict:
 * nested and overlapping claims stay visible (the rules are in globals.css).
 */
export function segmentClasses(indexes: readonly number[]): string {
  const depth = Math.min(indexes.length, MAX_DEPTH);
  const classes = [`d-${depth}`];
  for (let layer = 1; layer <= depth; layer++) {
    const index = indexes[indexes.length - layer];
    if (index >= 0) classes.push(`c${layer}-v${index}`);
  }
  return classes.join(' ');
}

const STATUS_CLASSES: Record<string, string> = {
  draft: 's-draft',
  in_review: 's-in_review',
  changes_requested: 's-changes_requested',
  approved: 's-approved',
};

/** The class that draws a review status: the segment's underline style and the badge's mark (STATUS_RULES). */
export function statusClass(status: string): string {
  return STATUS_CLASSES[status] ?? '';
}

/**
 * Status at a glance, told apart by shape, never by colour alone: a draft's
 * underline is dashed, one sent back for changes dotted, one in review or
 * approved solid; the badge after each annotation carries the status's mark
 * (the same marks as the list's status). Colours stay the verdict's (--c1) and
 * the page's variables, so a dark scheme that redefines them follows.
 */
const STATUS_RULES = [
  '.article-body .annotation-highlight.s-draft,.article-body .annotation-highlight.s-changes_requested{text-decoration-line:underline;text-decoration-color:var(--c1);text-decoration-thickness:2px;text-underline-offset:0.3em}',
  '.article-body .annotation-highlight.s-draft{text-decoration-style:dashed}',
  '.article-body .annotation-highlight.s-changes_requested{text-decoration-style:dotted}',
  // One annotation alone: its dashed or dotted line replaces the solid band, so the two never read alike.
  '.article-body .annotation-highlight.d-1.s-draft,.article-body .annotation-highlight.d-1.s-changes_requested{box-shadow:none;background-color:color-mix(in srgb,var(--c1) 8%,transparent)}',
  '.article-body .verdict-badge.s-draft{border-style:dashed}',
  '.article-body .verdict-badge.s-changes_requested{border-style:dotted}',
  '.article-body .verdict-badge.s-draft::before{content:"✎ "}',
  '.article-body .verdict-badge.s-in_review::before{content:"◔ "}',
  '.article-body .verdict-badge.s-changes_requested::before{content:"↩ "}',
  '.article-body .verdict-badge.s-approved::before{content:"✔ "}',
];

/** The class that gives a badge its verdict's colour. */
export function badgeClass(index: number): string {
  return index >= 0 ? `badge-v${index}` : '';
}

/**
 * The page's rules for the verdict scale: each verdict's colour as the custom
 * property its classes set. Only indexes and validated hex colours reach the
 * CSS, never a verdict's key or label, so nothing needs escaping.
 */
export function highlightStylesheet(verdicts: readonly VerdictStyle[]): string {
  const rules: string[] = [];
  verdicts.forEach((v, i) => {
    const colour = safeColour(v.colour);
    const layers = Array.from({ length: MAX_DEPTH }, (_, l) => `.article-body .c${l + 1}-v${i}{--c${l + 1}:${colour}}`);
    rules.push(...layers, `.article-body .badge-v${i}{--verdict-colour:${colour}}`);
  });
  return [...rules, ...STATUS_RULES].join('\n');
}
