import { FieldErrors } from '@app/contracts';
import {
  allOf,
  likePattern,
  nullable,
  orderBy,
  OrderingColumn,
  pageWindow,
  parseEnumList,
  parseOrdering,
  parsePatternList,
  parseQueryBoolean,
  searchPattern,
} from './list-query';

const FIELDS: Record<string, OrderingColumn> = { id: 't.id', created_at: 't.created_at', completed_at: nullable('t.completed_at') };

describe('list query conventions', () => {
  describe(parseEnumList.name, () => {
    it('should split a comma list, drop blanks and repeats', () => {
      expect(parseEnumList('status', 'a, b,,a', ['a', 'b', 'c'], {})).toEqual(['a', 'b']);
    });

    it('should report unknown values under the field it was given', () => {
      const errors: FieldErrors = {};
      expect(parseEnumList('status__in', 'a,z', ['a', 'b'], errors)).toBeUndefined();
      expect(errors).toEqual({ status__in: ['Unknown value(s): z; expected one of a, b'] });
    });
  });

  it('should check free-form lists against their pattern', () => {
    const errors: FieldErrors = {};
    expect(parsePatternList('queue', 'emails,reports', /^[a-z]+$/, errors)).toEqual(['emails', 'reports']);
    expect(parsePatternList('queue__in', 'Bad', /^[a-z]+$/, errors)).toBeUndefined();
    expect(Object.keys(errors)).toEqual(['queue__in']);
  });

  describe(allOf.name, () => {
    it('should keep what every given list allows, as Django ANDs a field and its __in lookup', () => {
      expect(allOf(['a', 'b'], ['b', 'c'])).toEqual(['b']);
      expect(allOf(undefined, ['b', 'c'])).toEqual(['b', 'c']);
      expect(allOf(['a'], undefined)).toEqual(['a']);
      expect(allOf(['a'], ['b'])).toEqual([]);
      expect(allOf<string>(undefined, undefined)).toBeUndefined();
    });
  });

  it('should read DRF booleans', () => {
    expect(['true', 'True', '1'].map((v) => parseQueryBoolean(v as 'true'))).toEqual([true, true, true]);
    expect(['false', 'False', '0'].map((v) => parseQueryBoolean(v as 'false'))).toEqual([false, false, false]);
    expect(parseQueryBoolean(undefined)).toBeUndefined();
  });

  it('should escape LIKE metacharacters and ignore a blank search', () => {
    expect(likePattern("50%_off\\'")).toBe("%50\\%\\_off\\\\'%");
    expect(searchPattern('  high_memory ')).toBe('%high\\_memory%');
    expect(searchPattern('   ')).toBeUndefined();
    expect(searchPattern(undefined)).toBeUndefined();
  });

  describe(pageWindow.name, () => {
    it('should default to the first page of 50', () => {
      expect(pageWindow({})).toEqual({ page: 1, pageSize: 50, offset: 0 });
    });

    it('should cap page_size at 200 instead of refusing it', () => {
      expect(pageWindow({ page: 3, page_size: 500 })).toEqual({ page: 3, pageSize: 200, offset: 400 });
      expect(pageWindow({ page: 2, page_size: 20 })).toEqual({ page: 2, pageSize: 20, offset: 20 });
    });
  });

  describe(parseOrdering.name, () => {
    it('should read the field and its direction', () => {
      expect(parseOrdering('-id', FIELDS, 'created_at', {})).toEqual({ column: 't.id', desc: true, nullable: false });
      expect(parseOrdering(undefined, FIELDS, '-created_at', {})).toEqual({ column: 't.created_at', desc: true, nullable: false });
      expect(parseOrdering('completed_at', FIELDS, 'id', {})).toEqual({ column: 't.completed_at', desc: false, nullable: true });
    });

    it('should refuse an unknown field once, naming the allowed ones, and fall back', () => {
      const errors: FieldErrors = {};
      expect(parseOrdering('-secret', FIELDS, '-created_at', errors)).toEqual({ column: 't.created_at', desc: true, nullable: false });
      expect(errors).toEqual({ ordering: ['Cannot order by -secret; allowed: id, created_at, completed_at'] });
    });
  });

  describe(orderBy.name, () => {
    it('should put the nulls of a nullable column last in both directions, with a tie-breaker', () => {
      expect(orderBy({ column: 't.completed_at', desc: true, nullable: true }, 't.id')).toBe('t.completed_at DESC NULLS LAST, t.id DESC');
      expect(orderBy({ column: 't.completed_at', desc: false, nullable: true }, 't.id')).toBe('t.completed_at ASC NULLS LAST, t.id ASC');
    });

    it('should leave NOT NULL columns as the indexes read them', () => {
      expect(orderBy({ column: 't.created_at', desc: true, nullable: false }, 't.id')).toBe('t.created_at DESC, t.id DESC');
    });
  });
});
