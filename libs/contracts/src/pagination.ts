import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** `page`, `page_size`, `ordering` and `search`, shared by every list endpoint (DRF conventions). */
export class ListQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) page_size?: number;
  @IsOptional() @IsString() @Matches(/^-?[a-z_]{1,64}$/, { message: 'ordering must be a field name, optionally prefixed with -' })
  ordering?: string;
  @IsOptional() @IsString() @MaxLength(200) search?: string;
}

/** A page as services return it; the gateway adds the absolute `next` and `previous` links. */
export type Page<T> = { count: number; page: number; page_size: number; results: T[] };

/** The REST shape of a page. */
export type PaginatedResponse<T> = {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
};
