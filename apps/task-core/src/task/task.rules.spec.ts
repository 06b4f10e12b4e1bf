import { FieldErrors } from '@app/contracts';
import {
  likePattern,
  newTaskId,
  parseOrdering,
  parsePriorityFilter,
  parseStatusFilter,
} from './task.rules';

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

  it('should default ordering to newest first and refuse unknown fields', () => {
    expect(parseOrdering(undefined, {})).toEqual({ column: 't.created_at', desc: true });
    const errors: FieldErrors = {};
    parseOrdering('-password', errors);
    expect(errors.ordering).toBeDefined();
  });

  it('should escape LIKE metacharacters in search', () => {
    expect(likePattern("50%_off\\'")).toBe("%50\\%\\_off\\\\'%");
  });

  it('should make task ids of the documented shape', () => {
    expect(newTaskId()).toMatch(/^task_[a-z2-7]{16}$/);
  });
});
