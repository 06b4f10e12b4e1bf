import { Type } from 'class-transformer';
import { IsIn, IsInt, IsPositive, IsString, MaxLength, ValidateNested } from 'class-validator';

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles are ordered: each one can do everything the ones before it can. */
export const ROLE_RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

/**
 * Who is acting and for which brand. The gateway builds it from the verified token and the
 * `X-Brand-ID` header only; it travels in every NATS request so that each service scopes its queries.
 */
export class Actor {
  @IsInt() @IsPositive() brand_id!: number;
  @IsString() @MaxLength(200) brand_name!: string;
  @IsInt() @IsPositive() user_id!: number;
  @IsString() @MaxLength(200) username!: string;
  @IsIn(ROLES) role!: Role;
}

/** Base of every brand-scoped NATS request: services validate it on arrival. */
export abstract class BrandScopedRequest {
  @ValidateNested() @Type(() => Actor) actor!: Actor;
}

/** A request that names one object of the brand. */
export class ByIdRequest extends BrandScopedRequest {
  @IsInt() @IsPositive() id!: number;
}
