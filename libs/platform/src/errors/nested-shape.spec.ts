import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { nestedShapeErrors } from './nested-shape';

class Leaf {
  @IsString() value!: string;
}
class Item {
  @IsString() name!: string;
  @IsOptional() @ValidateNested() @Type(() => Leaf) leaf?: Leaf;
}
class Body {
  @ValidateNested({ each: true }) @Type(() => Item) items!: Item[];
  @ValidateNested() @Type(() => Item) main!: Item;
}

describe(nestedShapeErrors.name, () => {
  it('should accept objects where nested DTOs belong', () => {
    expect(nestedShapeErrors(Body, { items: [{ name: 'a' }], main: { name: 'b', leaf: { value: 'c' } } })).toEqual({});
  });

  it('should require nested objects that are not optional', () => {
    expect(nestedShapeErrors(Body, { items: [{ name: 'a' }] })).toEqual({ main: ['is required'] });
    expect(nestedShapeErrors(Body, { items: null, main: { name: 'b', leaf: null } })).toEqual({ items: ['is required'] });
  });

  it('should name every array given where a nested object belongs, at any depth', () => {
    expect(nestedShapeErrors(Body, { items: [[], { name: 'a', leaf: [] }], main: [{ name: 'b' }] })).toEqual({
      'items.0': ['must be an object'],
      'items.1.leaf': ['must be an object'],
      main: ['must be an object'],
    });
  });
});
