import { IsInt, Min, validateSync } from 'class-validator';
import { cacheValidationMetadataLookups } from './validation-metadata-cache';

class Base {
  @IsInt() id!: number;
}

describe(cacheValidationMetadataLookups.name, () => {
  it('should give the same errors once lookups are cached, inherited rules and rules added later included', () => {
    cacheValidationMetadataLookups();
    class Child extends Base {
      @Min(3) size!: number;
    }
    const bad = Object.assign(new Child(), { id: 1.5, size: 1 });
    const first = validateSync(bad).map((e) => [e.property, e.constraints]);
    expect(first).toEqual([
      ['size', { min: 'size must not be less than 3' }],
      ['id', { isInt: 'id must be an integer number' }],
    ]);
    expect(validateSync(bad).map((e) => [e.property, e.constraints])).toEqual(first);
    // A class declared after the first lookups is seen (adding a rule forgets what was cached).
    class Later extends Base {
      @Min(10) count!: number;
    }
    expect(validateSync(Object.assign(new Later(), { id: 2, count: 1 })).map((e) => e.property)).toEqual(['count']);
  });
});
