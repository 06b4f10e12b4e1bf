import { FieldErrors } from './errors';

/** Checks of a body that its field decorators cannot make: what a value means, or how two fields relate. */
export type BodyRule = (body: Record<string, unknown>) => FieldErrors;

const rules = new WeakMap<object, BodyRule>();

/**
 * Attaches `rule` to a body class. The validation pipe runs it together with the field decorators, so a
 * refusal names every bad field at once instead of the decorators' ones first and the rest on the next
 * try. A rule sees the raw input: it skips what the decorators refuse (wrong type, wrong shape).
 */
export function BodyRules(rule: BodyRule): ClassDecorator {
  return (target) => {
    rules.set(target, rule);
  };
}

/** The field errors `metatype`'s body rule finds in `body` (none when the class has no rule). */
export function bodyRuleErrors(metatype: object, body: unknown): FieldErrors {
  const rule = rules.get(metatype);
  if (!rule || typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  return rule(body as Record<string, unknown>);
}
