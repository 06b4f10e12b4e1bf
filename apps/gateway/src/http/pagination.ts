import { ErrorCode, Page, PaginatedResponse } from '@app/contracts';
import { AppError } from '@app/platform';
import type { FastifyRequest } from 'fastify';
import { absoluteUrl } from './absolute-url';

/**
 * Turns a service's page into the DRF shape with absolute `next` / `previous` links. A page past the
 * last one is 404 "Invalid page." as in DRF; the first page of an empty list is an empty page.
 */
export function paginate<T>(request: FastifyRequest, page: Page<T>): PaginatedResponse<T> {
  const lastPage = Math.max(1, Math.ceil(page.count / page.page_size));
  if (page.page > lastPage) throw new AppError(ErrorCode.NotFound, 'Invalid page.');
  return {
    count: page.count,
    next: page.page < lastPage ? pageLink(request, page.page + 1) : null,
    previous: page.page > 1 ? pageLink(request, Math.min(page.page - 1, lastPage)) : null,
    results: page.results,
  };
}

function pageLink(request: FastifyRequest, page: number): string {
  const url = new URL(absoluteUrl(request, request.url));
  if (page === 1) url.searchParams.delete('page');
  else url.searchParams.set('page', String(page));
  return url.toString();
}
