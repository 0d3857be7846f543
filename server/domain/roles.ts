// Who may do what. Shared by the server (which enforces it) and the browser
// (which only hides what the server would refuse).
import type { Role } from './enums';

export { ROLES, type Role } from './enums';

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer',
  reviewer: 'Reviewer',
  editor: 'Editor',
  admin: 'Admin',
};

const RANK: Record<Role, number> = { viewer: 0, reviewer: 1, editor: 2, admin: 3 };

/** True when `role` is `least` or above it: the roles are a ladder, each one can do what the one below can. */
export function atLeast(role: Role, least: Role): boolean {
  return RANK[role] >= RANK[least];
}

/** The sentence a refused person reads, per lowest role an action needs. */
export const REFUSALS: Record<Exclude<Role, 'viewer'>, string> = {
  reviewer: 'Viewers can read and comment, but only reviewers, editors and admins can change articles and annotations',
  editor: 'Only editors and admins can do this',
  admin: 'Only admins can change settings and people',
};

export const EDIT_OTHERS_REFUSAL = "Only editors and admins can edit another reviewer's annotation";
export const DELETE_OTHERS_REFUSAL = "Only editors and admins can delete another reviewer's annotation";

export interface Actor {
  id: string;
  name: string;
  role: Role;
}
