// Pure logic (no DOM): checked by both TypeScript programs and unit-tested by the root jest project.

export type SseMessage = { event: string; data: string; id: string | null };

/**
 * Server-Sent Events over fetch: EventSource cannot send the Authorization and X-Brand-ID headers,
 * a streamed fetch can. Parses the text/event-stream format (WHATWG HTML §9.2) chunk by chunk.
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | null = null;

  constructor(private readonly emit: (message: SseMessage) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    // A CR that ends the chunk may be the first half of a CRLF: keep it until the next chunk tells.
    const heldCr = this.buffer.endsWith('\r');
    const lines = (heldCr ? this.buffer.slice(0, -1) : this.buffer).split(/\r\n|\r|\n/);
    this.buffer = (lines.pop() ?? '') + (heldCr ? '\r' : '');
    for (const line of lines) this.line(line);
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length > 0)
        this.emit({ event: this.event || 'message', data: this.data.join('\n'), id: this.id });
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id') this.id = value;
  }
}
