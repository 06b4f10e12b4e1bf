// Public API of the tenancy lib: identity (JWT), brand selection, roles and brand-scoped data access.
export * from './auth.guards';
export * from './brand-id';
export * from './brand-scoped.repository';
export * from './jwt.strategy';
export * from './tenancy.decorators';
export * from './verified-tokens';
