import type { Dependency } from '../logging/outage-reporter';

/** How one dependency of a local run is served. */
export type ServerChoice =
  /** DATABASE_URL / NATS_URL is set: used as it is, never probed (explicit URLs always win). */
  | { kind: 'configured'; url: string }
  /** Not set, and a server answers at the default address: the machine's own server. */
  | { kind: 'machine'; url: string }
  /** Not set, nothing answers: a private server under the data folder. */
  | { kind: 'embedded' }
  /** Not set, nothing answers, and this is production: no private server, the apps say what is missing. */
  | { kind: 'unavailable'; url: string };

export type ChoiceInput = {
  /** The explicit URL, if the variable is set. */
  configured?: string;
  /** Where the apps look when it is not set. */
  defaultUrl: string;
  /** Whether something answers at that default address (only asked when nothing is configured). */
  answering: boolean;
  production: boolean;
};

/**
 * The embedded default, as a rule: an explicit URL wins; otherwise a server answering at the default
 * address is used; otherwise a private one is started, except in production, where a missing server
 * is a deployment error to report, not something to paper over with a throwaway database.
 */
export function chooseServer(input: ChoiceInput): ServerChoice {
  if (input.configured) return { kind: 'configured', url: input.configured };
  if (input.answering) return { kind: 'machine', url: input.defaultUrl };
  if (input.production) return { kind: 'unavailable', url: input.defaultUrl };
  return { kind: 'embedded' };
}

/** The environment variable that carries each dependency's URL. */
export const URL_VARIABLES: Record<Dependency, 'DATABASE_URL' | 'NATS_URL'> = {
  postgres: 'DATABASE_URL',
  nats: 'NATS_URL',
};
