import { useCallback, useEffect, useMemo, useState } from 'react';
import { isAbort } from '../../api/client.js';
import { fetchCallLogCounts, fetchCallLogs } from '../../api/endpoints.js';
import type { CallLogCounts, CallLogListItem, CallLogPage } from '../../api/types.js';
import { countsQueryOf, listQueryOf, type ViewState } from '../../url-state.js';

interface Loadable<T> {
  data: T | null;
  /** The query `data` answers: after a failed request for another query, the old data is not shown. */
  key: string;
  loading: boolean;
  error: unknown;
}

const initial = <T>(): Loadable<T> => ({ data: null, key: '', loading: true, error: null });
const failed =
  <T>(key: string, error: unknown) =>
  (previous: Loadable<T>): Loadable<T> =>
    previous.key === key ? { ...previous, loading: false, error } : { data: null, key: '', loading: false, error };

/**
 * The page of calls and the per-status counts for the view in the URL. A reload keeps what is on
 * screen until the answer arrives (no flashing on live updates); a newer request aborts an older one.
 */
export function useCallList(clinicId: number | null, view: ViewState) {
  const [list, setList] = useState<Loadable<CallLogPage>>(initial);
  const [counts, setCounts] = useState<Loadable<CallLogCounts>>(initial);
  const [tick, setTick] = useState(0);

  // "Today" is recomputed on each request, so the keys change at midnight without a reload of the page.
  const listKey = JSON.stringify(listQueryOf(view));
  const countsKey = JSON.stringify(countsQueryOf(view));

  useEffect(() => {
    if (!clinicId) return;
    const controller = new AbortController();
    setList((previous) => ({ ...previous, loading: true }));
    fetchCallLogs(clinicId, listQueryOf(view), controller.signal).then(
      (data) => setList({ data, key: listKey, loading: false, error: null }),
      (error: unknown) => {
        if (!isAbort(error)) setList(failed(listKey, error));
      },
    );
    return () => controller.abort();
    // `listKey` stands for the view's list query.
  }, [clinicId, listKey, tick]);

  useEffect(() => {
    if (!clinicId) return;
    const controller = new AbortController();
    setCounts((previous) => ({ ...previous, loading: true }));
    fetchCallLogCounts(clinicId, countsQueryOf(view), controller.signal).then(
      (data) => setCounts({ data, key: countsKey, loading: false, error: null }),
      (error: unknown) => {
        if (!isAbort(error)) setCounts(failed(countsKey, error));
      },
    );
    return () => controller.abort();
    // `countsKey` stands for the view's counts query.
  }, [clinicId, countsKey, tick]);

  // A different clinic must not show the previous clinic's calls while loading.
  useEffect(() => {
    setList(initial);
    setCounts(initial);
  }, [clinicId]);

  const reload = useCallback(() => setTick((n) => n + 1), []);

  /** Shows a change at once (a status set here or by a colleague) before the reload confirms it. */
  const patchItem = useCallback((id: number, patch: Partial<CallLogListItem>) => {
    setList((previous) =>
      previous.data
        ? {
            ...previous,
            data: { ...previous.data, items: previous.data.items.map((item) => (item.id === id ? { ...item, ...patch } : item)) },
          }
        : previous,
    );
  }, []);

  return useMemo(() => ({ list, counts, reload, patchItem }), [list, counts, reload, patchItem]);
}
