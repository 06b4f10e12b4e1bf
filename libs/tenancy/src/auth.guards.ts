import { ErrorCode, ROLE_RANK, Role } from '@app/contracts';
import { AppError } from '@app/platform';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { InvalidTokenError, JWT_STRATEGY, JwtStrategy } from './jwt.strategy';
import { AuthenticatedRequest, PUBLIC_ROUTE, REQUIRED_ROLE, TokenUser } from './tenancy.decorators';

/**
 * Verifies the bearer token on every route not marked @Public(); any failure is a 401 in the error format.
 * A token the strategy verified before and that has not expired since is not verified again.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard(JWT_STRATEGY) {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
  ) {
    super();
  }

  override canActivate(context: ExecutionContext): ReturnType<CanActivate['canActivate']> {
    if (isPublic(this.reflector, context)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const known = this.strategy.recall(request);
    if (known) {
      // What passport would have set after verifying the same token.
      request.user = known;
      return true;
    }
    return super.canActivate(context);
  }

  override handleRequest<T = TokenUser>(error: unknown, user: T | false, info: unknown): T {
    if (user) return user;
    const reason =
      error instanceof InvalidTokenError
        ? error.message
        : info instanceof Error
          ? describeJwtError(info)
          : 'Authentication credentials were not provided';
    throw new AppError(ErrorCode.Unauthenticated, reason);
  }
}

function describeJwtError(info: Error): string {
  if (info.name === 'TokenExpiredError') return 'Token has expired';
  if (info.name === 'NotBeforeError') return 'Token is not valid yet';
  if (info.message === 'No auth token') return 'Authentication credentials were not provided';
  return 'Invalid token';
}

/**
 * Selects the brand from `X-Brand-ID` (only among the token's brands) and checks the route's role.
 * The brand never comes from a body, a query or a path.
 */
@Injectable()
export class BrandGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (isPublic(this.reflector, context)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const user = request.user;
    if (!user) throw new AppError(ErrorCode.Unauthenticated, 'Authentication credentials were not provided');
    const header = request.headers['x-brand-id'];
    if (header === undefined) {
      throw new AppError(ErrorCode.ValidationFailed, 'X-Brand-ID header is required', {
        'X-Brand-ID': ['This header is required'],
      });
    }
    if (typeof header !== 'string' || !/^[1-9]\d{0,14}$/.test(header.trim())) {
      throw new AppError(ErrorCode.ValidationFailed, 'X-Brand-ID must be a positive integer', {
        'X-Brand-ID': ['Must be a positive integer'],
      });
    }
    const brandId = Number(header.trim());
    const brand = user.brands.find((b) => b.id === brandId);
    if (!brand) throw new AppError(ErrorCode.BrandAccessDenied, 'You do not have access to this brand');
    const required = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (required && ROLE_RANK[brand.role] < ROLE_RANK[required]) {
      throw new AppError(ErrorCode.PermissionDenied, `This action needs the ${required} role in this brand`);
    }
    request.actor = {
      brand_id: brand.id,
      brand_name: brand.name,
      user_id: user.userId,
      username: user.username,
      role: brand.role,
    };
    return true;
  }
}

function isPublic(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]) === true;
}
