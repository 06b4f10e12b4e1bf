import { FieldErrors } from '@app/contracts';
import { parseOrdering } from '@app/platform';
import { newTaskId, parsePriorityFilter, parseStatusFilter, TASK_ORDERING } from './task.rules';

describe('task rules', () => {
  describe(parseStatusFilter.name, () => {
    it('should expand active into pending, running and retrying', () => {
      const errors: FieldErrors = {};
      expect(parseStatusFilter('active,failed', errors)).toEqual(['pending', 'running', 'retrying', 'failed']);
      expect(errors).toEqual({});
    });

    it('should report unknown statuses as a field error', () => {
      const errors: FieldErrors = {};
      parseStatusFilter('done', errors);
      expect(errors.status?.[0]).toContain('done');
    });
  });

  it('should map priorities to their rank', () => {
    expect(parsePriorityFilter('critical,low', {})).toEqual([3, 0]);
  });

  it('should name the status__in lookup in its field errors', () => {
    const errors: FieldErrors = {};
    parseStatusFilter('done', errors, 'status__in');
    expect(Object.keys(errors)).toEqual(['status__in']);
  });

  it('should default ordering to newest first and refuse unknown fields', () => {
    expect(parseOrdering(undefined, TASK_ORDERING, '-created_at', {})).toEqual({ column: 't.created_at', desc: true, nullable: false });
    const errors: FieldErrors = {};
    parseOrdering('-password', TASK_ORDERING, '-created_at', errors);
    expect(errors.ordering).toBeDefined();
  });

  it('should mark the nullable columns, so their nulls sort last', () => {
    expect(parseOrdering('-completed_at', TASK_ORDERING, '-created_at', {})).toEqual({ column: 't.completed_at', desc: true, nullable: true });
  });

  it('should make task ids of the documented shape', () => {
    expect(newTaskId()).toMatch(/^task_[a-z2-7]{16}$/);
  });
});
