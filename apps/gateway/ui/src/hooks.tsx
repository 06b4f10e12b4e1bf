import type { Inputs } from 'preact/hooks';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, errorOf } from './api';

export type Resource<T> = {
  data: T | undefined;
  error: ApiError | undefined;
  /** True until the first answer; later refreshes keep showing the previous data. */
  loading: boolean;
  reload: () => void;
};

/**
 * Loads `load()` when `deps` change, and again every `refreshMs` while the tab is visible (live
 * status without a socket per row). A newer load aborts the older one, so answers never arrive out of order.
 */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: Inputs,
  options: { refreshMs?: number } = {},
): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const loader = useRef(load);
  loader.current = load;

  useEffect(() => {
    setState((s) => ({ ...s, loading: s.data === undefined }));
  }, deps);

  useEffect(() => {
    const controller = new AbortController();
    loader
      .current(controller.signal)
      .then((data) => !controller.signal.aborted && setState({ data, loading: false }))
      .catch((error: unknown) => {
        if (controller.signal.aborted || (error as Error)?.name === 'AbortError') return;
        setState((s) => ({ data: s.data, error: errorOf(error), loading: false }));
      });
    return () => controller.abort();
  }, [...deps, tick]);

  useEffect(() => {
    if (!options.refreshMs) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') setTick((t) => t + 1);
    }, options.refreshMs);
    return () => window.clearInterval(timer);
  }, [options.refreshMs, ...deps]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** A value that follows `value` after it stopped changing for `ms` (search boxes, the cron validator). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** An action's state: run it, show its error, know when it is busy. */
export function useAction<A extends unknown[], R>(
  action: (...args: A) => Promise<R>,
): {
  run: (...args: A) => Promise<R | undefined>;
  busy: boolean;
  error: ApiError | undefined;
  clear: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const run = async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      return await action(...args);
    } catch (e) {
      setError(errorOf(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, clear: () => setError(undefined) };
}
