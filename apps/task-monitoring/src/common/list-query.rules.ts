/** `$n` placeholders for a WHERE clause built piece by piece. */
export class WhereBuilder {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  constructor(first: string, firstValue: unknown) {
    this.add(first, firstValue);
  }

  /** `sql` receives the placeholder of `value`. */
  add(sql: string | ((p: string) => string), value: unknown): this {
    this.params.push(value);
    const placeholder = `$${this.params.length}`;
    this.parts.push(typeof sql === 'string' ? sql.replace(/\?/g, placeholder) : sql(placeholder));
    return this;
  }

  raw(sql: string): this {
    this.parts.push(sql);
    return this;
  }

  get clause(): string {
    return this.parts.join(' AND ');
  }

  next(): string {
    return `$${this.params.length + 1}`;
  }
}
