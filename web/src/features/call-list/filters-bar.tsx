import { forwardRef, useEffect, useId, useState } from 'react';
import { DEFAULT_STATUSES, REASON_LABELS, STATUS_LABELS } from '../../api/labels.js';
import type { CallLogCounts, ReasonLabel, StatusLabel } from '../../api/types.js';
import { toDateInputValue } from '../../format/datetime.js';
import { useT } from '../../i18n/i18n.js';
import { withSearch, type DateRange, type NavigationMode, type ViewState } from '../../url-state.js';

const SEARCH_DEBOUNCE_MS = 300;

interface Props {
  view: ViewState;
  counts: CallLogCounts | null;
  onChange: (next: ViewState, mode?: NavigationMode) => void;
}

/** Search, status chips with counts, reason and date range. Every change goes back to page 1. */
export const FiltersBar = forwardRef<HTMLInputElement, Props>(function FiltersBar({ view, counts, onChange }, searchRef) {
  const { t, lang, formatNumber } = useT();
  const [text, setText] = useState(view.search);
  const searchId = useId();

  // Back/forward or a cleared filter changes the URL: the box follows.
  useEffect(() => setText(view.search), [view.search]);

  useEffect(() => {
    if (text === view.search) return;
    const timer = setTimeout(() => onChange(withSearch(view, text), 'replace'), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, view, onChange]);

  const toggleStatus = (status: StatusLabel) => {
    const statuses = view.statuses.includes(status) ? view.statuses.filter((s) => s !== status) : [...view.statuses, status];
    onChange({ ...view, statuses: STATUS_LABELS.filter((s) => statuses.includes(s)), page: 1 });
  };

  const setRange = (range: DateRange) => onChange({ ...view, range, page: 1 });
  const today = toDateInputValue(new Date());
  const isDefault =
    !view.search &&
    view.reasons.length === 0 &&
    view.range.kind === 'all' &&
    (view.queue !== 'all' ||
      (view.statuses.length === DEFAULT_STATUSES.length && DEFAULT_STATUSES.every((s) => view.statuses.includes(s))));

  return (
    <div className="filters">
      <div className="filters__row">
        <div className="search">
          <label htmlFor={searchId} className="visually-hidden">
            {t.searchLabel}
          </label>
          <svg className="search__icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path
              d="M8.5 3a5.5 5.5 0 0 1 4.38 8.83l3.65 3.64-1.06 1.06-3.64-3.65A5.5 5.5 0 1 1 8.5 3Zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8Z"
              fill="currentColor"
            />
          </svg>
          <input
            ref={searchRef}
            id={searchId}
            type="search"
            className="search__input"
            placeholder={t.searchPlaceholder}
            value={text}
            maxLength={200}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') onChange(withSearch(view, text), 'replace');
            }}
          />
          <kbd className="search__kbd" aria-hidden="true">
            /
          </kbd>
        </div>

        <label className="select-field">
          <span className="select-field__label">{t.reasonFilter}</span>
          <select
            value={view.reasons.length === 1 ? view.reasons[0] : ''}
            onChange={(e) => onChange({ ...view, reasons: e.target.value ? [e.target.value as ReasonLabel] : [], page: 1 })}
          >
            <option value="">{t.anyReason}</option>
            {REASON_LABELS.map((reason) => (
              <option key={reason} value={reason}>
                {t.reason[reason]}
              </option>
            ))}
          </select>
        </label>

        <label className="select-field">
          <span className="select-field__label">{t.dateFilter}</span>
          <select
            value={view.range.kind}
            onChange={(e) => {
              const kind = e.target.value as DateRange['kind'];
              setRange(kind === 'custom' ? { kind, from: today, to: today } : { kind });
            }}
          >
            <option value="all">{t.anyDate}</option>
            <option value="today">{t.today}</option>
            <option value="last7">{t.last7Days}</option>
            <option value="custom">{t.customRange}</option>
          </select>
        </label>

        {view.range.kind === 'custom' && (
          <div className="date-range">
            <label className="select-field">
              <span className="select-field__label">{t.from}</span>
              <input
                type="date"
                lang={lang}
                value={view.range.from}
                max={view.range.to || undefined}
                onChange={(e) => view.range.kind === 'custom' && setRange({ ...view.range, from: e.target.value })}
              />
            </label>
            <label className="select-field">
              <span className="select-field__label">{t.to}</span>
              <input
                type="date"
                lang={lang}
                value={view.range.to}
                min={view.range.from || undefined}
                onChange={(e) => view.range.kind === 'custom' && setRange({ ...view.range, to: e.target.value })}
              />
            </label>
          </div>
        )}
      </div>

      <div className="filters__row filters__row--chips">
        {view.queue === 'all' ? (
          <div className="chips" role="group" aria-label={t.statusFilter}>
            {STATUS_LABELS.map((status) => {
              const count = counts?.[status];
              return (
                <button
                  key={status}
                  type="button"
                  className={`chip chip--${statusClass(status)}`}
                  aria-pressed={view.statuses.includes(status)}
                  onClick={() => toggleStatus(status)}
                >
                  <span className="chip__check" aria-hidden="true" />
                  <span className="chip__label">{t.status[status]}</span>
                  <span className="chip__count" data-testid={`count-${statusClass(status)}`}>
                    {count === undefined ? '·' : formatNumber(count)}
                  </span>
                </button>
              );
            })}
            {view.statuses.length === 0 && <span className="chips__hint">{t.allStatuses}</span>}
          </div>
        ) : (
          <span className="chips__hint">{t.queue.statusHint}</span>
        )}
        {!isDefault && (
          <button
            type="button"
            className="link-button"
            onClick={() => onChange({ ...view, search: '', statuses: DEFAULT_STATUSES, reasons: [], range: { kind: 'all' }, page: 1 })}
          >
            {t.clearFilters}
          </button>
        )}
      </div>
    </div>
  );
});

/** "In Progress" → "in-progress", for class names and test ids. */
export const statusClass = (status: StatusLabel) => status.toLowerCase().replace(/\s+/g, '-');
