// How a highlight segment looks. Colour is never the only cue: every
// annotation also ends with a badge naming its verdict (see annotation-plugin).
import { safeColour } from '@/server/domain/verdicts';

export interface VerdictStyle {
  key: string;
  label: string;
  colour: string;
  icon: string;
}

/**
 * Stacked underlines, one per covering annotation, outermost lowest, plus a
 * tint of the innermost verdict: nested and overlapping claims stay visible.
 */
export function segmentStyle(colours: string[]): string {
  const stripes = colours
    .map((colour, i) => `inset 0 -${(colours.length - i) * 3}px 0 0 ${safeColour(colour)}`)
    .reverse();
  const tint = safeColour(colours[colours.length - 1] ?? '#6b6b6b');
  return `background-color: color-mix(in srgb, ${tint} ${Math.min(14 + 8 * (colours.length - 1), 40)}%, transparent); box-shadow: ${stripes.join(', ')}; padding-bottom: ${colours.length * 3}px;`;
}
