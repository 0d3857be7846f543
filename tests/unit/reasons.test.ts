// The refusal reason the browser switches on, read from a tRPC error's data
// without zod (server/domain/reasons.ts is in every page's script).
import { describe, expect, it } from 'vitest';
import { REFUSAL_REASONS, reasonOf } from '@/server/domain/reasons';

describe('reasonOf', () => {
  it('gives each reason the app knows, and null for anything else', () => {
    for (const reason of REFUSAL_REASONS) expect(reasonOf({ code: 'FORBIDDEN', reason })).toBe(reason);
    expect(reasonOf({ reason: 'made_up' })).toBeNull();
    expect(reasonOf({ reason: 7 })).toBeNull();
    expect(reasonOf({ reason: 'toString' })).toBeNull();
    expect(reasonOf({})).toBeNull();
    expect(reasonOf(null)).toBeNull();
    expect(reasonOf('conflict')).toBeNull();
  });
});
