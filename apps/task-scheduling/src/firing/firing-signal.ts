import { Injectable } from '@nestjs/common';

/** Lets a change made through the API (a new or resumed schedule) wake this replica's firing loop at once. */
@Injectable()
export class FiringSignal {
  private listener?: () => void;

  listen(listener: () => void): void {
    this.listener = listener;
  }

  wake(): void {
    this.listener?.();
  }
}
