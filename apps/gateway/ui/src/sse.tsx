import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, errorOf, useApi } from './api';

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
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop() ?? '';
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

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'ended' | 'failed';

/**
 * Follows an SSE endpoint of the API while the component is mounted: reconnects (with a growing
 * delay) when the stream drops before `isFinal` says the story is over; stops on an API error.
 */
export function useEventStream<T>(
  path: string | null,
  onMessage: (event: string, data: T) => void,
  isFinal: (event: string, data: T) => boolean,
): { state: StreamState; error: ApiError | undefined } {
  const api = useApi();
  const [state, setState] = useState<StreamState>('connecting');
  const [error, setError] = useState<ApiError>();
  const handlers = useRef({ onMessage, isFinal });
  handlers.current = { onMessage, isFinal };

  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    let finished = false;
    let failures = 0;
    const run = async () => {
      while (!controller.signal.aborted && !finished) {
        try {
          const response = await api.stream(path, controller.signal);
          if (!response.body) throw new Error('This browser cannot stream responses');
          setState('live');
          setError(undefined);
          failures = 0;
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          const parser = new SseParser(({ event, data }) => {
            if (event === 'keepalive') return;
            const payload = JSON.parse(data) as T;
            handlers.current.onMessage(event, payload);
            if (handlers.current.isFinal(event, payload)) finished = true;
          });
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            parser.push(value);
          }
        } catch (e) {
          if (controller.signal.aborted) return;
          const failure = errorOf(e);
          // A 4xx will not get better by retrying (not found, no access); a dropped connection or a 503 may.
          if (failure.status >= 400 && failure.status < 500) {
            setError(failure);
            setState('failed');
            return;
          }
          failures++;
        }
        if (finished) break;
        setState('reconnecting');
        await new Promise((resolve) =>
          window.setTimeout(resolve, Math.min(10_000, 500 * 2 ** Math.min(failures, 5))),
        );
      }
      if (!controller.signal.aborted) setState('ended');
    };
    void run();
    return () => controller.abort();
  }, [path, api]);

  return { state, error };
}
