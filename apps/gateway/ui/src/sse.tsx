import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, errorOf, useApi } from './api';
import { SseParser } from './sse-parser';

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
