import { getMetadataStorage } from 'class-validator';
import { forgetCompiledAcceptors } from './compiled-acceptor';

type Storage = ReturnType<typeof getMetadataStorage>;
type Metadata = ReturnType<Storage['getTargetValidationMetadatas']>;

/**
 * class-validator looks up a class's rules on every validation by filtering its whole metadata store
 * (and testing `instanceof` against every registered class for inherited rules): measured at 7% of
 * task-core's busy CPU under load, for rules that never change once the classes are loaded. The lookup
 * is remembered per class and options, and forgotten whenever a rule is added. Same rules, same
 * messages: only the lookup is cached.
 */
export function cacheValidationMetadataLookups(): void {
  const storage = getMetadataStorage();
  if ((storage as { cached?: boolean }).cached) return;
  (storage as { cached?: boolean }).cached = true;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const addMetadata = storage.addValidationMetadata.bind(storage);
  let cache = new Map<unknown, Map<string, Metadata>>();
  storage.addValidationMetadata = (metadata) => {
    cache = new Map();
    forgetCompiledAcceptors();
    addMetadata(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}|${always}|${strictGroups}|${groups?.join(',') ?? ''}`;
    let byOptions = cache.get(target);
    if (!byOptions) cache.set(target, (byOptions = new Map()));
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
}
