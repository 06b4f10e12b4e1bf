import { FieldErrors } from '@app/contracts';
import { getMetadataStorage } from 'class-validator';

type TypeMetadata = { typeFunction: () => unknown; reflectedType?: unknown };
// class-transformer keeps @Type() metadata here and does not type this entry point.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: { findTypeMetadata(target: Function, property: string): TypeMetadata | undefined };
};

/**
 * A nested DTO (`@ValidateNested() @Type(() => X)`) must arrive as a JSON object, and must arrive at all
 * unless the field is optional (IsOptional, ValidateIf). class-validator skips a missing nested value and
 * accepts an array in place of an object, which the security suites found: a NATS request without
 * `actor` (or `query`) passed validation and failed inside the service (500), and `{"tasks": [[]]}`
 * reached the database as a task without a type (500).
 */
export function nestedShapeErrors(dto: Function, value: unknown, prefix = '', depth = 0): FieldErrors {
  const errors: FieldErrors = {};
  if (depth > 16 || typeof value !== 'object' || value === null || Array.isArray(value)) return errors;
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const conditional = new Set(metadata.filter((m) => m.type === 'conditionalValidation').map((m) => m.propertyName));
  for (const meta of metadata) {
    if (meta.type !== 'nestedValidation') continue;
    const property = meta.propertyName;
    const field = (value as Record<string, unknown>)[property];
    if (field === undefined || field === null) {
      if (!conditional.has(property)) errors[`${prefix}${property}`] = ['is required'];
      continue;
    }
    const type = defaultMetadataStorage.findTypeMetadata(dto, property);
    const isList = meta.each === true || type?.reflectedType === Array;
    const items: Array<[string, unknown]> = isList
      ? Array.isArray(field)
        ? field.map((item, i) => [`${prefix}${property}.${i}`, item])
        : []
      : [[`${prefix}${property}`, field]];
    const nested = type?.typeFunction();
    for (const [path, item] of items) {
      if (Array.isArray(item)) errors[path] = ['must be an object'];
      else if (typeof nested === 'function') Object.assign(errors, nestedShapeErrors(nested, item, `${path}.`, depth + 1));
    }
  }
  return errors;
}
