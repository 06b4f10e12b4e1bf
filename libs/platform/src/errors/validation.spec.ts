import { ValidationError } from '@nestjs/common';
import { toFieldErrors } from './validation';

describe(toFieldErrors.name, () => {
  it('should flatten nested errors into dotted paths and name unknown fields', () => {
    const errors = [
      {
        property: 'tasks',
        children: [
          { property: '3', children: [{ property: 'priority', constraints: { isIn: 'priority must be one of …' } }] },
        ],
      },
      { property: 'bogus', constraints: { whitelistValidation: 'property bogus should not exist' } },
    ] as ValidationError[];
    expect(toFieldErrors(errors)).toEqual({
      'tasks.3.priority': ['priority must be one of …'],
      bogus: ['unknown field'],
    });
  });
});
