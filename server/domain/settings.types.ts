// The organisation's settings and verdict scale, shared by the settings form and the router.
import { z } from 'zod';
import { optionalHttpUrl, userText } from './optional-fields';
import { MAX_ORGANISATION_NAME_LENGTH, MAX_VERDICTS } from './limits';

export const organisationInput = z.object({
  name: userText()
    .trim()
    .min(1, 'Organisation name is required: it is published as the author of each fact-check')
    .max(MAX_ORGANISATION_NAME_LENGTH, `Organisation name is longer than ${MAX_ORGANISATION_NAME_LENGTH} characters`),
  url: optionalHttpUrl('Organisation URL'),
  logoUrl: optionalHttpUrl('Logo URL'),
  /** For a one-person desk: editors may approve their own annotations (the history says so each time). */
  allowSelfApproval: z.boolean().default(false),
  /** Where readers reach this app (public pages, ClaimReview URLs); FACTCHECK_PUBLIC_URL wins when the server sets it. */
  publicUrl: optionalHttpUrl('Public address'),
  /** The desk's methodology and corrections policy, linked from every public page. */
  methodologyUrl: optionalHttpUrl('Methodology URL'),
  correctionsPolicyUrl: optionalHttpUrl('Corrections policy URL'),
});

export const verdictInput = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'A verdict key uses lowercase letters, digits and single hyphens, like "mostly-true"')
    .max(40, 'A verdict key is at most 40 characters'),
  label: userText().trim().min(1, 'Every verdict needs a label').max(60, 'A verdict label is at most 60 characters'),
  colour: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, 'A verdict colour is a hex colour like #b3261e'),
  icon: userText().trim().max(4, 'A verdict icon is at most 4 characters').default(''),
  rating: z.number().int('A rating is a whole number').min(1, 'A rating is at least 1').max(100, 'A rating is at most 100').nullable(),
  requiresEvidence: z.boolean().default(true),
});

export const saveSettingsInput = z.object({
  organisation: organisationInput,
  verdicts: z
    .array(verdictInput)
    .min(1, 'The scale needs at least one verdict')
    .max(MAX_VERDICTS, `The scale can have at most ${MAX_VERDICTS} verdicts`)
    .superRefine((list, ctx) => {
      const seen = (values: string[]) => values.find((v, i) => values.indexOf(v) !== i);
      const key = seen(list.map((v) => v.key));
      if (key) ctx.addIssue({ code: 'custom', message: `Two verdicts have the key "${key}"` });
      const label = seen(list.map((v) => v.label.toLowerCase()));
      if (label) ctx.addIssue({ code: 'custom', message: `Two verdicts have the label "${label}"` });
    }),
});
export type SaveSettingsInput = z.input<typeof saveSettingsInput>;
