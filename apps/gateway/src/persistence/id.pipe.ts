import { ErrorCode } from '@app/contracts';
import { AppError } from '@app/platform';
import { Injectable, PipeTransform } from '@nestjs/common';

/** `{id}` of a numeric resource: anything that is not a positive integer cannot name one, so it answers 404. */
@Injectable()
export class NumericIdPipe implements PipeTransform<string, number> {
  constructor(
    private readonly notFound: ErrorCode,
    private readonly detail: string,
  ) {}

  transform(value: string): number {
    if (!/^[1-9]\d{0,14}$/.test(value)) throw new AppError(this.notFound, this.detail);
    return Number(value);
  }
}

export const JobIdPipe = new NumericIdPipe(
  ErrorCode.JobNotFound,
  'Persistent job not found or access denied',
);
export const CheckpointIdPipe = new NumericIdPipe(
  ErrorCode.CheckpointNotFound,
  'Checkpoint not found or access denied',
);
