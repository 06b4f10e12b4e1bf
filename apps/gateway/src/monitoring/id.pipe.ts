import { ErrorCode } from '@app/contracts';
import { AppError } from '@app/platform';
import { PipeTransform } from '@nestjs/common';

/** `{id}` of a monitoring object: anything that is not a positive integer cannot name one, so 404. */
export class IdPipe implements PipeTransform<string, number> {
  constructor(
    private readonly code: ErrorCode,
    private readonly detail: string,
  ) {}

  transform(value: string): number {
    if (!/^[1-9]\d{0,14}$/.test(value)) throw new AppError(this.code, this.detail);
    return Number(value);
  }
}
