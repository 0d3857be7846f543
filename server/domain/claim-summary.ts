import { MAX_CLAIM_SUMMARY_LENGTH } from './limits';

/** The claim as published in ClaimReview when the reviewer wrote no summary: the quote, short. */
export function defaultClaimSummary(quote: string): string {
  const text = quote.replace(/\s+/g, ' ').trim();
  const chars = Array.from(text);
  if (chars.length <= MAX_CLAIM_SUMMARY_LENGTH) return text;
  return `${chars
    .slice(0, MAX_CLAIM_SUMMARY_LENGTH - 1)
    .join('')
    .trimEnd()}…`;
}

export function claimSummaryOf(annotation: { claimSummary: string; exact: string }): string {
  return annotation.claimSummary.trim() || defaultClaimSummary(annotation.exact);
}
