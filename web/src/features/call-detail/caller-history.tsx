import { useEffect, useState } from 'react';
import { isAbort } from '../../api/client.js';
import { fetchCallerHistory } from '../../api/endpoints.js';
import type { CallLogListItem } from '../../api/types.js';
import { formatCallTime, formatFullDateTime } from '../../format/datetime.js';
import { useT } from '../../i18n/i18n.js';
import { statusClass } from '../call-list/filters-bar.js';

interface Props {
  callId: number;
  version: number;
  onOpen: (id: number) => void;
}

/** The caller's other calls (same number, any status), newest first: five emergencies from one patient read as one story. */
export function CallerHistory({ callId, version, onOpen }: Props) {
  const { t, locale, describeError } = useT();
  const [calls, setCalls] = useState<CallLogListItem[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchCallerHistory(callId, controller.signal).then(
      (page) => {
        setCalls(page.items);
        setTotal(page.total);
        setError(null);
      },
      (caught: unknown) => {
        if (!isAbort(caught)) setError(caught);
      },
    );
    return () => controller.abort();
  }, [callId, version]);

  return (
    <section className="detail__section" aria-labelledby="history-heading">
      <h3 id="history-heading" className="detail__label">
        {t.historyHeading}
        {total > 0 && ` (${total})`}
      </h3>
      {error != null && !calls && (
        <p className="form-error" role="alert">
          {t.historyLoadFailed} {describeError(error)}
        </p>
      )}
      {calls && calls.length === 0 && <p className="muted">{t.noHistory}</p>}
      {calls && calls.length > 0 && (
        <ul className="history" aria-label={t.historyHeading}>
          {calls.map((call) => (
            <li key={call.id}>
              <button type="button" className="history__call" onClick={() => onOpen(call.id)}>
                <time dateTime={call.call_started_at} title={formatFullDateTime(call.call_started_at, locale)}>
                  {formatCallTime(call.call_started_at, locale, t)}
                </time>
                <span className={`history__reason${call.reason_for_call === 'Emergency' ? ' history__reason--emergency' : ''}`}>
                  {call.reason_for_call ? t.reason[call.reason_for_call] : t.noReason}
                </span>
                <span className={`status status--${statusClass(call.status)}`}>{t.status[call.status]}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
