import { ValidationError } from '@nestjs/common';
import { CalendarPreviewQuery, CreateCalendarBody, CreateTaskBody, CreateTaskRequest } from '@app/contracts';
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

describe('validation of the public bodies (issue #18)', () => {
  const pipe = createValidationPipe();
  const body = (metatype: object) => ({ type: 'body' as const, metatype: metatype as never });

  it('should say only that a missing required field is required, and that null may not be', async () => {
    await expect(pipe.transform({}, body(CreateTaskBody))).rejects.toMatchObject({
      fieldErrors: { task_type: ['This field is required.'] },
    });
    await expect(pipe.transform({ name: null }, body(CreateCalendarBody))).rejects.toMatchObject({
      fieldErrors: { name: ['This field may not be null.'] },
    });
  });

  it('should give each message of a field once', async () => {
    const error = await pipe.transform({ name: 5 }, body(CreateCalendarBody)).catch((e: unknown) => e);
    expect((error as { fieldErrors: Record<string, string[]> }).fieldErrors.name.sort()).toEqual([
      'name must be 1-200 characters',
      'name must be a string',
    ]);
  });

  it("should report a contract's body rules together with its field checks", async () => {
    const error = await pipe
      .transform({ name: '', timezone: 'Mars/Base', dates: ['2026-02-30'], weekdays: [9] }, body(CreateCalendarBody))
      .catch((e: unknown) => e);
    expect(Object.keys((error as { fieldErrors: object }).fieldErrors).sort()).toEqual(['dates.0', 'name', 'timezone', 'weekdays']);
    await expect(pipe.transform({ from: '2026-02-30', to: '2026-13-01' }, { type: 'query', metatype: CalendarPreviewQuery })).rejects.toMatchObject({
      fieldErrors: { from: [expect.any(String)], to: [expect.any(String)] },
    });
  });
});
