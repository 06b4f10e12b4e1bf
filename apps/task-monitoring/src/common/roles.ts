import { Actor, ErrorCode, Role, ROLE_RANK } from '@app/contracts';
import { AppError } from '@app/platform';

/** The gateway checks roles per route; services check again, as they check every payload. */
export function requireRole(actor: Actor, role: Role): void {
  if (ROLE_RANK[actor.role] < ROLE_RANK[role]) {
    throw new AppError(ErrorCode.PermissionDenied, `This action needs the ${role} role in this brand`);
  }
}
