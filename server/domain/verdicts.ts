// The verdict scale the app starts with. It is seeded into the `verdicts`
// table, which is the source of truth afterwards, so an organisation can change it.
export interface Verdict {
  key: string;
  label: string;
  colour: string;
  icon: string;
  position: number;
  /** Numeric rating published in ClaimReview; null for verdicts that are not a point on the true–false scale. */
  rating: number | null;
  /** Approval needs at least one evidence link. */
  requiresEvidence: boolean;
}

export const DEFAULT_VERDICTS: readonly Verdict[] = [
  { key: 'true', label: 'True', colour: '#1b7f3b', icon: '✔', position: 1, rating: 5, requiresEvidence: true },
  { key: 'mostly-true', label: 'Mostly true', colour: '#5c8a1f', icon: '✓', position: 2, rating: 4, requiresEvidence: true },
  { key: 'mixed', label: 'Mixed', colour: '#a36b00', icon: '◐', position: 3, rating: 3, requiresEvidence: true },
  { key: 'mostly-false', label: 'Mostly false', colour: '#c2510e', icon: '✗', position: 4, rating: 2, requiresEvidence: true },
  { key: 'false', label: 'False', colour: '#b3261e', icon: '✘', position: 5, rating: 1, requiresEvidence: true },
  { key: 'misleading', label: 'Misleading', colour: '#8e3b9e', icon: '⚠', position: 6, rating: null, requiresEvidence: true },
  { key: 'unverifiable', label: 'Unverifiable', colour: '#4a5a6a', icon: '?', position: 7, rating: null, requiresEvidence: false },
  { key: 'not-a-claim', label: 'Not a claim', colour: '#6b6b6b', icon: '–', position: 8, rating: null, requiresEvidence: false },
];

const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** A colour safe to put into CSS: a hex colour, or neutral grey for anything else. */
export function safeColour(colour: string): string {
  return HEX_COLOUR.test(colour) ? colour : '#6b6b6b';
}

/** Why a verdict cannot be deleted, said before anything is removed from the form. */
export function verdictInUseMessage(label: string, annotations: number): string {
  return `“${label}” is used by ${annotations === 1 ? '1 annotation' : `${annotations} annotations`}: change their verdicts first`;
}
