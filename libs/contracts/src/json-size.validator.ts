import { registerDecorator, ValidationOptions } from 'class-validator';

/** Rejects a JSON value whose serialized UTF-8 size exceeds `maxBytes` (e.g. `context_data` ≤ 256 KiB). */
export function MaxJsonBytes(maxBytes: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'maxJsonBytes',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [maxBytes],
      options: { message: `$property must serialize to at most ${maxBytes} bytes of JSON`, ...options },
      validator: {
        validate(value: unknown): boolean {
          if (value === undefined) return true;
          return Buffer.byteLength(JSON.stringify(value), 'utf8') <= maxBytes;
        },
      },
    });
  };
}
