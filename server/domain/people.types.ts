// Request schemas for accounts and people, shared by the forms and the routers.
import { z } from 'zod';
import { MAX_AUTHOR_LENGTH } from './limits';
import { userText } from './optional-fields';
import { ROLES } from './roles';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;
export const INVITE_DAYS = 7;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'Email is longer than 254 characters')
  .pipe(z.email({ error: 'Enter a valid email address' }));

export const personNameSchema = userText()
  .trim()
  .min(1, 'Name is required')
  .max(MAX_AUTHOR_LENGTH, `Name is longer than ${MAX_AUTHOR_LENGTH} characters`);

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `Password must be at most ${MAX_PASSWORD_LENGTH} characters`);

export const roleSchema = z.enum(ROLES, { error: 'Role must be Admin, Editor, Reviewer or Viewer' });

export const setupInput = z.object({ name: personNameSchema, email: emailSchema, password: passwordSchema });

/** Invite tokens are 32 random bytes, base64url. */
export const inviteTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This invite link is not valid');

export const acceptInviteInput = z.object({ token: inviteTokenSchema, name: personNameSchema, password: passwordSchema });

export const createInviteInput = z.object({ email: emailSchema, role: roleSchema });

export const userIdSchema = z.string().min(1).max(64);

export const setRoleInput = z.object({ userId: userIdSchema, role: roleSchema });

export const removeAccessInput = z.object({ userId: userIdSchema });
