/**
 * Group commit: writes that arrive while one is being written share the next statement, hence one
 * round trip, one transaction and one WAL flush, instead of one each. A lone write runs at once (it never
 * waits for company); under load the groups grow by themselves, as the writes pile up behind the one in
 * flight. Each caller is answered only when the statement that carried its items has committed.
 *
 * `write` takes the items of several callers and answers one result for all of them; each caller picks
 * its own part of it. When a shared write fails, each caller's items are written again alone, so that
 * one caller's bad item fails that caller only.
 */
export class GroupCommit<Item, Result> {
  private queued: Array<Submission<Item, Result>> = [];
  private writing = false;

  constructor(
    private readonly write: (items: Item[]) => Promise<Result>,
    /** At most this many items in one statement; a submission is never split. */
    private readonly maxItems: number,
  ) {}

  submit(items: Item[]): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queued.push({ items, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queued.length > 0) {
      const group = this.takeGroup();
      await this.writeGroup(group);
    }
    this.writing = false;
  }

  /** The oldest submissions whose items fit in one statement (always at least one). */
  private takeGroup(): Array<Submission<Item, Result>> {
    let count = 0;
    let taken = 0;
    while (
      taken < this.queued.length &&
      (taken === 0 || count + this.queued[taken].items.length <= this.maxItems)
    ) {
      count += this.queued[taken].items.length;
      taken++;
    }
    return this.queued.splice(0, taken);
  }

  private async writeGroup(group: Array<Submission<Item, Result>>): Promise<void> {
    try {
      const result = await this.write(group.flatMap((s) => s.items));
      for (const submission of group) submission.resolve(result);
    } catch (error) {
      if (group.length === 1) return group[0].reject(error);
      await Promise.all(group.map((s) => this.write(s.items).then(s.resolve, s.reject)));
    }
  }
}

type Submission<Item, Result> = {
  items: Item[];
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
};
