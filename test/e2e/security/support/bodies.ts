import * as contracts from '@app/contracts';
import { getMetadataStorage } from 'class-validator';

type TypeMetadata = { typeFunction: () => unknown; reflectedType?: unknown };
// class-transformer does not type its metadata storage entry point; it is where @Type() records nested DTOs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: { findTypeMetadata(target: Function, property: string): TypeMetadata | undefined };
};

/**
 * Request bodies for any operation: hand-written minimal valid bodies for the DTOs we know (chosen so
 * that nothing fires or runs: far-away schedules, a queue no worker listens to), and for a DTO added
 * later, a body derived from its class-validator rules. The DTO is found by the OpenAPI schema name,
 * which is the contracts class name.
 */
export type FieldRule = { name: string; constraints: unknown[]; each: boolean };
export type Field = {
  name: string;
  optional: boolean;
  rules: FieldRule[];
  /** The DTO class of a nested field (`tasks` of BulkCreateTasksBody). */
  nested?: Function;
  nestedArray?: boolean;
};

export type BodyContext = {
  /** A string no other brand's data contains: found in a foreign response, it proves a leak. */
  marker: string;
  /** A queue no worker listens to, so created tasks stay pending. */
  queue: string;
};

let sequence = 0;
const unique = () => `${Date.now().toString(36)}${(sequence++).toString(36)}`;
const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString();

const KNOWN: Record<string, (c: BodyContext) => Record<string, unknown>> = {
  CreateTaskBody: (c) => ({ task_type: 'sec.probe', queue: c.queue, description: c.marker, context_data: { marker: c.marker } }),
  BulkCreateTasksBody: (c) => ({ tasks: [KNOWN.CreateTaskBody(c), KNOWN.CreateTaskBody(c)] }),
  CreateJobBody: (c) => ({
    task_type: 'sec.probe',
    queue: c.queue,
    description: c.marker,
    context_data: { marker: c.marker },
    auto_resume: false,
  }),
  CreatePeriodicTaskBody: (c) => ({
    name: `${c.marker}-${unique()}`,
    task_type: 'sec.probe',
    cron_expression: '0 0 1 1 *',
    queue: c.queue,
    context_data: { marker: c.marker },
  }),
  UpdatePeriodicTaskBody: () => ({ enabled: false }),
  ValidateCronBody: () => ({ cron_expression: '0 0 * * *' }),
  CreateCronJobBody: (c) => ({
    name: `${c.marker}-${unique()}`,
    task_type: 'sec.probe',
    queue: c.queue,
    schedule_type: 'once',
    run_at: inAYear(),
    context_data: { marker: c.marker },
  }),
  UpdateCronJobBody: (c) => ({ name: `${c.marker}-${unique()}` }),
  CreateCalendarBody: (c) => ({ name: `${c.marker}-${unique()}`, description: c.marker, dates: ['2031-01-01'] }),
  UpdateCalendarBody: (c) => ({ description: c.marker }),
  CreateAlertRuleBody: (c) => ({
    name: `${c.marker}-${unique()}`,
    description: c.marker,
    metric: 'queue_depth',
    operator: 'gt',
    threshold: 1_000_000_000,
    enabled: false,
  }),
  UpdateAlertRuleBody: (c) => ({ description: c.marker }),
};

export function dtoClass(schemaName: string | undefined): Function | undefined {
  if (!schemaName) return undefined;
  const value = (contracts as Record<string, unknown>)[schemaName];
  return typeof value === 'function' ? value : undefined;
}

export function fieldsOf(dto: Function): Field[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const fields = new Map<string, Field>();
  for (const meta of metadata) {
    const field = fields.get(meta.propertyName) ?? { name: meta.propertyName, optional: false, rules: [] };
    fields.set(meta.propertyName, field);
    if (meta.type === 'conditionalValidation') field.optional = true;
    else if (meta.type === 'nestedValidation') {
      const type = defaultMetadataStorage.findTypeMetadata(dto, meta.propertyName);
      field.nested = type?.typeFunction() as Function | undefined;
      field.nestedArray = meta.each === true || type?.reflectedType === Array;
    } else if (meta.name) field.rules.push({ name: meta.name, constraints: meta.constraints ?? [], each: meta.each === true });
  }
  return [...fields.values()];
}

/** A minimal valid body for the schema, or undefined when neither the table nor the rules give one. */
export function validBody(schemaName: string | undefined, context: BodyContext): Record<string, unknown> | undefined {
  if (!schemaName) return undefined;
  const known = KNOWN[schemaName];
  if (known) return known(context);
  const dto = dtoClass(schemaName);
  return dto ? derivedBody(dto, context) : undefined;
}

export function derivedBody(dto: Function, context: BodyContext, depth = 0): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fieldsOf(dto)) {
    if (field.optional || depth > 4) continue;
    if (field.nested) {
      const item = derivedBody(field.nested, context, depth + 1);
      body[field.name] = field.nestedArray ? [item] : item;
      continue;
    }
    body[field.name] = valueFor(field, context);
  }
  return body;
}

const MATCH_CANDIDATES = ['sec.probe', 'sec-probe', 'a', '1', '0 0 1 1 *', 'UTC', '2031-01-01', 'task_abc', 'x'];

function valueFor(field: Field, context: BodyContext): unknown {
  const rule = (name: string) => field.rules.find((r) => r.name === name && !r.each);
  const isIn = rule('isIn');
  if (isIn) return (isIn.constraints[0] as unknown[])[0];
  if (rule('isBoolean')) return false;
  if (rule('isInt') || rule('isNumber') || rule('isPositive')) {
    const min = rule('min')?.constraints[0] as number | undefined;
    return Math.max(1, min ?? 1);
  }
  if (rule('isDateString') || rule('isISO8601')) return inAYear();
  if (rule('isObject')) return {};
  if (rule('isArray')) return [];
  if (rule('isUrl')) return 'https://example.com/hook';
  const matches = rule('matches');
  if (matches) {
    const pattern = matches.constraints[0] as RegExp;
    return MATCH_CANDIDATES.find((c) => new RegExp(pattern).test(c)) ?? 'x';
  }
  const minLength = (rule('minLength')?.constraints[0] as number | undefined) ?? 1;
  return `${context.marker}-${unique()}`.padEnd(minLength, 'x');
}
