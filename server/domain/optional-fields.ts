// Optional form fields, as zod schemas: trimmed, and empty means "not given"
// (null), so an untouched text box never stores an empty string.
import { z } from 'zod';
import { MAX_URL_LENGTH } from './limits';
import { isHttpUrl, isIsoDate, isWellFormedText, LONE_SURROGATE_MESSAGE } from './validators';

/**
 * A string of user text. Lone surrogates are refused rather than rewritten to
 * U+FFFD on save, so what the server keeps is what was sent and an identical
 * retry is recognised as one.
 */
export const userText = () => z.string().refine(isWellFormedText, LONE_SURROGATE_MESSAGE);

const emptyToNull = (v: string | null | undefined) => (v ? v : null);

export const optionalText = (max: number, what: string) =>
  userText().trim().max(max, `${what} is longer than ${max} characters`).nullish().transform(emptyToNull);

/** Only http and https: anything else (javascript:, data:, file:) is refused with the field's name. */
export const optionalHttpUrl = (what: string) =>
  z
    .string()
    .trim()
    .max(MAX_URL_LENGTH, `${what} is longer than ${MAX_URL_LENGTH} characters`)
    .refine((v) => v === '' || isHttpUrl(v), {
      error: (issue) => `${what} must be an http:// or https:// address, not "${String(issue.input).slice(0, 80)}"`,
    })
    .nullish()
    .transform(emptyToNull);

export const optionalIsoDate = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || isIsoDate(v), `${what} must be a date (YYYY-MM-DD)`)
    .nullish()
    .transform(emptyToNull);
