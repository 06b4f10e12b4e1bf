import { Actor, Role } from '@app/contracts';

/** The brand and creator a service stores with a record it acts on later (a job, a schedule, an alert rule). */
export type RecordOwner = { brand_id: number; brand_name: string; created_by_id: number; created_by_username: string };

/**
 * The actor a service uses when it acts for a record with no caller present (a job resuming, a rule
 * evaluating, a schedule firing): the record's own brand and creator, with the role the action needs
 * (`viewer` to read, `editor` to create or change tasks), never more. The brand comes from the
 * service's own stored record, which a verified caller created.
 */
export function onBehalfOf(owner: RecordOwner, role: Extract<Role, 'viewer' | 'editor'>): Actor {
  return {
    brand_id: owner.brand_id,
    brand_name: owner.brand_name,
    user_id: owner.created_by_id,
    username: owner.created_by_username,
    role,
  };
}
