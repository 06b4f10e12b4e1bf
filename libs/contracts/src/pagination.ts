import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** The largest page a list answers; a larger `page_size` is capped to it (DRF's max_page_size), not refused. */
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** Booleans in a query string, as DRF reads them. */
export const QUERY_TRUE_VALUES = ['true', 'True', '1'] as const;
export const QUERY_FALSE_VALUES = ['false', 'False', '0'] as const;
export const QUERY_BOOLEANS = [...QUERY_TRUE_VALUES, ...QUERY_FALSE_VALUES] as const;
export type QueryBoolean = (typeof QUERY_BOOLEANS)[number];

/** `page`, `page_size`, `ordering` and `search`, shared by every list endpoint (DRF conventions). */
export class ListQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page_size?: number;
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
