export type CronFieldName = 'second' | 'minute' | 'hour' | 'day-of-month' | 'month' | 'day-of-week';

// `field` lets the API point at the culprit; messages already name it for humans.
export type CronErrorSubject = CronFieldName | 'expression' | 'timezone';

export class CronError extends Error {
  constructor(
    message: string,
    readonly subject: CronErrorSubject = 'expression',
  ) {
    super(message);
    this.name = 'CronError';
  }
}
