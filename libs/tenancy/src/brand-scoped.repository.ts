import { FindOptionsWhere, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { BrandId } from './brand-id';

/**
 * Base of every repository of tenant data: each query it builds filters by the brand, and the brand
 * must be a BrandId (see brand-id.ts). Subclasses add intent-named methods on top of these.
 */
export abstract class BrandScopedRepository<E extends ObjectLiteral & { brandId: number }> {
  constructor(protected readonly repository: Repository<E>) {}

  protected where(brandId: BrandId, where: FindOptionsWhere<E> = {}): FindOptionsWhere<E> {
    return { ...where, brandId } as FindOptionsWhere<E>;
  }

  protected findOneWhere(brandId: BrandId, where: FindOptionsWhere<E>): Promise<E | null> {
    return this.repository.findOne({ where: this.where(brandId, where) });
  }

  /** A query builder already restricted to the brand: add conditions with `andWhere`. */
  protected scopedQuery(brandId: BrandId, alias: string): SelectQueryBuilder<E> {
    return this.repository.createQueryBuilder(alias).where(`${alias}.brand_id = :brandId`, { brandId });
  }
}
