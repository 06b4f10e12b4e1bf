/** Where the apps look for their servers when DATABASE_URL / NATS_URL are not set (SPEC §7). */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/megahub';
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
