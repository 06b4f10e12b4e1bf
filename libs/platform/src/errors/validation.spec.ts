import { ValidationError } from '@nestjs/common';
import { CreateTaskRequest } from '@app/contracts';
import { createValidationPipe, toFieldErrors } from './validation';

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

describe(createValidationPipe.name, () => {
  const pipe = createValidationPipe();
  const asBody = { type: 'body' as const, metatype: CreateTaskRequest };
  const actor = { brand_id: 9, brand_name: 'H', user_id: 1, username: 'm', role: 'admin' };

  it('should name a missing nested object (the actor) together with the other errors', async () => {
    await expect(pipe.transform({ task: { task_type: 'BAD' } }, asBody)).rejects.toMatchObject({
      fieldErrors: { actor: ['is required'], 'task.task_type': expect.any(Array) },
    });
  });

  it('should refuse a payload that is not an object, and unstorable strings', async () => {
    await expect(pipe.transform(42, asBody)).rejects.toMatchObject({ fieldErrors: { body: ['must be a JSON object'] } });
    await expect(pipe.transform({ actor, task: { task_type: 'a', description: 'x\u0000' } }, asBody)).rejects.toMatchObject({
      fieldErrors: { 'task.description': expect.any(Array) },
    });
  });

  it('should accept a well-formed request', async () => {
    await expect(pipe.transform({ actor, task: { task_type: 'noop' } }, asBody)).resolves.toBeInstanceOf(CreateTaskRequest);
  });
});
