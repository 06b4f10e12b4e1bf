import { Actor, Role } from '@app/contracts';
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'megahub:public';
export const REQUIRED_ROLE = 'megahub:role';

/** A route that needs no token (health, docs). Every other route is authenticated and brand-scoped. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** The least role the route needs in the selected brand (viewer when absent). */
export const RequireRole = (role: Role): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLE, role);

export type AuthenticatedRequest = { user?: TokenUser; actor?: Actor; headers: Record<string, string | string[] | undefined> };

/** The verified identity: what the JWT says, before a brand is chosen. */
export type TokenUser = {
  userId: number;
  username: string;
  brands: Array<{ id: number; name: string; role: Role }>;
};

/** The actor of the request: verified user + brand from `X-Brand-ID` + their role there. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('CurrentActor used on a route without BrandGuard');
  return request.actor;
});
