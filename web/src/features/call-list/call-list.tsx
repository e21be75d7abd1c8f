import type { MouseEvent } from 'react';
import type { CallLogListItem, CallLogPage } from '../../api/types.js';
import { formatCallTime, formatDue, formatFullDateTime, formatSpan } from '../../format/datetime.js';
import { formatPhone } from '../../format/phone.js';
import { useNow } from '../../format/use-now.js';
import { useT } from '../../i18n/i18n.js';
import { serializeViewState, type ViewState } from '../../url-state.js';
import { statusClass } from './filters-bar.js';

interface Props {
  view: ViewState;
  page: CallLogPage | null;
  loading: boolean;
  error: unknown;
  /** Ids that arrived live a moment ago: highlighted briefly. */
  freshIds: ReadonlySet<number>;
  onOpen: (id: number) => void;
  onRetry: () => void;
}

export const callerName = (call: Pick<CallLogListItem, 'caller_first_name' | 'caller_last_name'>) =>
  [call.caller_first_name, call.caller_last_name].filter(Boolean).join(' ').trim();

export function CallList({ view, page, loading, error, freshIds, onOpen, onRetry }: Props) {
  const { t, locale, describeError } = useT();
  const now = useNow();

  if (!page && loading) {
    return (
      <div className="state" role="status">
        <span className="spinner" aria-hidden="true" />
        {t.loadingCalls}
      </div>
    );
  }
  if (!page) {
    return (
      <div className="state state--error" role="alert">
        <p className="state__title">{t.callsLoadFailed}</p>
        <p>{describeError(error)}</p>
        <button type="button" className="button" onClick={onRetry}>
          {t.retry}
        </button>
      </div>
    );
  }

  const open = (event: MouseEvent<HTMLAnchorElement>, id: number) => {
    // Let the browser handle a new tab or window; the link carries the whole view.
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    onOpen(id);
  };

  return (
    <section className="call-list" aria-labelledby="calls-heading" aria-busy={loading}>
      <h2 id="calls-heading" className="visually-hidden">
        {t.callsHeading}
      </h2>
      {loading && <div className="progress" aria-hidden="true" />}
      {error != null && (
        <div className="inline-error" role="alert">
          {describeError(error)}{' '}
          <button type="button" className="link-button" onClick={onRetry}>
            {t.retry}
          </button>
        </div>
      )}
      {page.items.length === 0 ? (
        <div className="state state--empty" role="status">
          <svg viewBox="0 0 48 48" className="state__icon" aria-hidden="true">
            <circle cx="21" cy="21" r="12" fill="none" stroke="currentColor" strokeWidth="3" />
            <path d="m30 30 9 9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
          </svg>
          <p className="state__title">{t.noCallsMatch}</p>
          <p>{t.noCallsHint}</p>
        </div>
      ) : (
        <>
          <div className="call-list__head" aria-hidden="true">
            <span>{t.colCaller}</span>
            <span>{t.colReason}</span>
            <span>{t.colReceived}</span>
            <span>{t.colStatus}</span>
          </div>
          <ul className="call-list__items" aria-label={t.callsHeading}>
            {page.items.map((call) => {
              const name = callerName(call);
              const emergency = call.reason_for_call === 'Emergency';
              const urgent = call.priority === 'Urgent';
              const isOpen = call.status === 'New' || call.status === 'In Progress';
              const callCount = call.caller_call_count;
              const dueMs = call.callback_due_at ? new Date(call.callback_due_at).getTime() - now.getTime() : null;
              const classes = ['call-row'];
              if (emergency || urgent) classes.push('call-row--emergency');
              if (view.callId === call.id) classes.push('call-row--selected');
              if (freshIds.has(call.id)) classes.push('call-row--fresh');
              return (
                <li key={call.id}>
                  <a
                    href={serializeViewState({ ...view, callId: call.id }) || '?'}
                    className={classes.join(' ')}
                    data-call-id={call.id}
                    aria-current={view.callId === call.id ? 'true' : undefined}
                    onClick={(event) => open(event, call.id)}
                  >
                    <span className="call-row__caller">
                      <span className={`call-row__name${name ? '' : ' call-row__name--unknown'}`}>{name || t.unknownCaller}</span>
                      <span className="call-row__meta">
                        <span className="call-row__phone">{formatPhone(call.caller_phone_number)}</span>
                        {callCount > 1 && (
                          <span className="tag tag--repeat" title={t.row.repeatCaller(callCount)}>
                            <svg viewBox="0 0 16 16" aria-hidden="true">
                              <path d="M3 8a5 5 0 0 1 8.5-3.5L13 6M13 2.5V6H9.5M13 8a5 5 0 0 1-8.5 3.5L3 10m0 3.5V10h3.5" />
                            </svg>
                            {t.row.repeatMark(callCount)}
                          </span>
                        )}
                        {call.is_existing_patient === false && <span className="tag tag--new-patient">{t.newPatient}</span>}
                        {call.callback_preference && (
                          <span className="call-row__callback">{t.callBack(t.callback[call.callback_preference])}</span>
                        )}
                        {call.assignee && (
                          <span className="tag tag--assignee" title={t.row.assignedTo(call.assignee.name)}>
                            {call.assignee.name}
                          </span>
                        )}
                      </span>
                    </span>
                    <span className="call-row__reason">
                      {call.priority !== 'Normal' && (
                        <span className={`priority priority--${call.priority.toLowerCase()}`}>{t.row.priority[call.priority]}</span>
                      )}
                      {call.reason_for_call ? (
                        <span className={`reason reason--${emergency ? 'emergency' : 'normal'}`}>
                          {emergency && (
                            <svg viewBox="0 0 16 16" className="reason__icon" aria-hidden="true">
                              <path d="M8 1.5 15 14H1L8 1.5Z" fill="currentColor" />
                              <path d="M8 6v3.5M8 11.5v.5" stroke="#fff" strokeWidth="1.6" strokeLinecap="round" />
                            </svg>
                          )}
                          {t.reason[call.reason_for_call]}
                        </span>
                      ) : (
                        <span className="muted">{t.noReason}</span>
                      )}
                    </span>
                    <span className="call-row__time">
                      <time dateTime={call.call_started_at} title={formatFullDateTime(call.call_started_at, locale)}>
                        {formatCallTime(call.call_started_at, locale, t, now)}
                      </time>
                      {isOpen && (
                        <span className="call-row__age">
                          {t.row.waiting(formatSpan(now.getTime() - new Date(call.call_started_at).getTime(), t))}
                        </span>
                      )}
                    </span>
                    <span className="call-row__status">
                      {isOpen && call.callback_due_at && dueMs !== null && (
                        <span className={`call-row__due${dueMs < 0 ? ' call-row__due--late' : ''}`}>
                          {formatDue(call.callback_due_at, t, now)}
                        </span>
                      )}
                      {call.callback_attempts > 0 && <span className="call-row__attempts">{t.row.attempts(call.callback_attempts)}</span>}
                      {/* Last in the row's text ("… In progress"), first on screen. */}
                      <span className={`status status--${statusClass(call.status)}`}>{t.status[call.status]}</span>
                    </span>
                  </a>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
