import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/** The constraint name of @Required(): the validation pipe reports it alone when it fails. */
export const REQUIRED_CONSTRAINT = 'required';
export const REQUIRED_MESSAGE = 'This field is required.';
export const NOT_NULL_MESSAGE = 'This field may not be null.';

/**
 * A field the body must have (DRF's `required=True`). Absent, it is reported as "This field is
 * required." (null: "This field may not be null."), and alone: the field's other rules ("must be a
 * string", "must be 1-200 characters") say nothing useful about a value that was not sent.
 */
export function Required(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: REQUIRED_CONSTRAINT,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: (args: ValidationArguments) => (args.value === null ? NOT_NULL_MESSAGE : REQUIRED_MESSAGE), ...options },
      validator: {
        validate(value: unknown): boolean {
          return value !== undefined && value !== null;
        },
      },
    });
  };
}
