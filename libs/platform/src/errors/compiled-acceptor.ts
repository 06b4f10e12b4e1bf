import { getMetadataStorage, ValidationArguments, ValidationTypes } from 'class-validator';

/** Whether class-validator would find no error in an object (an instance its transformer built). */
export type Acceptor = (object: object) => boolean;

type Metadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];
type Check = (object: object) => boolean;

const compiled = new Map<Function, Acceptor>();

/**
 * The contracts' validation rules, compiled once per class into a plain function that says whether an
 * object passes them, with class-validator's own constraint functions, options as the platform's pipe
 * sets them (whitelist with unknown properties refused, unknown values refused). It only answers yes or
 * no: a message it refuses (or a rule it does not model: async or schema rules) goes to class-validator
 * itself, which builds the errors, so every message and `field_errors` key stays exactly as it was. The
 * point is the valid message, the common one: class-validator's executor cost ~5× the checks themselves.
 */
export function acceptorFor(target: Function): Acceptor {
  const known = compiled.get(target);
  if (known) return known;
  // Classes that refer to themselves (directly or not) see the acceptor being built through this.
  const building: { acceptor?: Acceptor } = {};
  compiled.set(target, (object) => (building.acceptor ?? refuse)(object));
  building.acceptor = build(target) ?? refuse;
  compiled.set(target, building.acceptor);
  return building.acceptor;
}

/** Forgets what was compiled (a rule was added after a first use). */
export function forgetCompiledAcceptors(): void {
  compiled.clear();
}

const refuse: Acceptor = () => false;

function build(target: Function): Acceptor | null {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(target, undefined as unknown as string, false, false, undefined);
  // A class without rules is an "unknown value" to class-validator.
  if (metadatas.length === 0) return null;
  const byProperty = new Map<string, Metadata[]>();
  for (const metadata of metadatas) byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
  const checks: Check[] = [];
  for (const [property, list] of byProperty) {
    const check = propertyCheck(target, property, list);
    if (!check) return null;
    checks.push(check);
  }
  const allowed = new Set(byProperty.keys());
  return (object) => {
    for (const key of Object.keys(object)) if (!allowed.has(key)) return false;
    for (const check of checks) if (!check(object)) return false;
    return true;
  };
}

function propertyCheck(target: Function, property: string, list: Metadata[]): Check | null {
  const known: string[] = [
    ValidationTypes.IS_DEFINED,
    ValidationTypes.WHITELIST,
    ValidationTypes.CONDITIONAL_VALIDATION,
    ValidationTypes.CUSTOM_VALIDATION,
    ValidationTypes.NESTED_VALIDATION,
  ];
  if (list.some((m) => !known.includes(m.type) || typeof m.target === 'string')) return null;
  const conditions = list.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION).map((m) => m.constraints[0] as (o: object, v: unknown) => boolean);
  const defined = constraintChecks(target, list.filter((m) => m.type === ValidationTypes.IS_DEFINED));
  const custom = constraintChecks(target, list.filter((m) => m.type === ValidationTypes.CUSTOM_VALIDATION));
  const nested = list.some((m) => m.type === ValidationTypes.NESTED_VALIDATION);
  if (!defined || !custom) return null;
  return (object) => {
    const value = (object as Record<string, unknown>)[property];
    for (const condition of conditions) if (!condition(object, value)) return true;
    for (const check of defined) if (!check(object, value)) return false;
    for (const check of custom) if (!check(object, value)) return false;
    return !nested || nestedAccepts(value);
  };
}

/** The custom (and is-defined) rules of a property, as class-validator runs them: `each` over collections. */
function constraintChecks(target: Function, list: Metadata[]): Array<(object: object, value: unknown) => boolean> | null {
  const storage = getMetadataStorage();
  const checks: Array<(object: object, value: unknown) => boolean> = [];
  for (const metadata of list) {
    for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
      if (constraint.async) return null;
      const validate = (value: unknown, object: object) =>
        constraint.instance.validate(value, {
          targetName: target.name,
          property: metadata.propertyName,
          object,
          value,
          constraints: metadata.constraints,
        } as ValidationArguments) === true;
      checks.push((object, value) => {
        if (!metadata.each || !isCollection(value)) return validate(value, object);
        return [...collectionValues(value)].every((item) => validate(item, object));
      });
    }
  }
  return checks;
}

/** ValidateNested: each item of a collection, or the object itself, must pass its own class's rules. */
function nestedAccepts(value: unknown): boolean {
  if (value === undefined) return true;
  if (isCollection(value)) return [...collectionValues(value)].every(nestedAccepts);
  if (value instanceof Object) return acceptorFor((value as object).constructor)(value as object);
  return false;
}

function isCollection(value: unknown): value is unknown[] | Set<unknown> | Map<unknown, unknown> {
  return Array.isArray(value) || value instanceof Set || value instanceof Map;
}

function collectionValues(value: unknown[] | Set<unknown> | Map<unknown, unknown>): Iterable<unknown> {
  return value instanceof Map ? value.values() : value;
}
