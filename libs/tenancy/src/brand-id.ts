import { Actor } from '@app/contracts';

declare const brandIdTag: unique symbol;
/**
 * A brand id that came from a verified actor. Repository methods take this type, not `number`, so a
 * query cannot be written with an id that was not checked against the caller's token.
 */
export type BrandId = number & { readonly [brandIdTag]: true };

export function brandOf(actor: Actor): BrandId {
  return actor.brand_id as BrandId;
}

/** For system paths (event consumers, schedulers) whose brand comes from a stored row or a trusted event. */
export function trustedBrandId(id: number): BrandId {
  return id as BrandId;
}
