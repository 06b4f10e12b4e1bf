// The embedded default of `npm start`, `npm run migrate` and the e2e setup: private Postgres and NATS
// servers when none is configured or answering. Development tooling: no app imports it, so it is
// not exported from the platform's index (and never bundled into an app).
export * from './binaries';
export * from './data-dir-lock';
export * from './decision';
export * from './embedded-nats';
export * from './embedded-postgres';
export * from './local-servers';
export * from './probe';
export * from './stack-ports';
