// Public API of the tenancy lib: identity (JWT), brand selection, roles, the brand type every tenant query takes.
export * from './auth.guards';
export * from './brand-id';
export * from './on-behalf-of';
export * from './jwt.strategy';
export * from './tenancy.decorators';
export * from './verified-tokens';
