import type { MouseEvent } from 'react';
import { STATUS_LABELS } from '../../api/labels.js';
import type { CallLogCounts, StatusLabel } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { defaultStatuses, QUEUE_VIEWS, serializeViewState, type NavigationMode, type QueueView, type ViewState } from '../../url-state.js';

interface TabsProps {
  view: ViewState;
  counts: CallLogCounts | null;
  onChange: (next: ViewState, mode?: NavigationMode) => void;
}

/** The statuses a count of "All" adds up: the chips that are on, or every status when none is. */
const shownStatuses = (view: ViewState): readonly StatusLabel[] => (view.statuses.length ? view.statuses : STATUS_LABELS);

/** How many calls a view lists, from the counts the chips use (null while they load). */
export function queueCount(queue: QueueView, view: ViewState, counts: CallLogCounts | null): number | null {
  if (!counts) return null;
  if (queue === 'all') return shownStatuses(view).reduce((sum, status) => sum + counts[status], 0);
  return counts[queue];
}

/** A view of the same filters, from its first page; the chips go back to their default there. */
const switchTo = (view: ViewState, queue: QueueView): ViewState => ({
  ...view,
  queue,
  statuses: defaultStatuses(view.search),
  page: 1,
});

/**
 * Urgent · Due now / overdue · Mine · Unassigned · All, each with its count. They are links (the
 * URL carries the view), so a view opens in a new tab like any other link.
 */
export function QueueTabs({ view, counts, onChange }: TabsProps) {
  const { t, formatNumber } = useT();
  const open = (event: MouseEvent<HTMLAnchorElement>, queue: QueueView) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    if (queue !== view.queue) onChange(switchTo(view, queue));
  };

  return (
    <nav className="queue-tabs" aria-label={t.queue.heading}>
      <ul className="queue-tabs__list">
        {QUEUE_VIEWS.map((queue) => {
          const count = queueCount(queue, view, counts);
          const alarming = (queue === 'urgent' || queue === 'overdue') && (count ?? 0) > 0;
          return (
            <li key={queue}>
              <a
                href={serializeViewState(switchTo(view, queue)) || '?'}
                className={`queue-tab${alarming ? ' queue-tab--alarming' : ''}`}
                aria-current={view.queue === queue ? 'page' : undefined}
                onClick={(event) => open(event, queue)}
              >
                <span className="queue-tab__label">{t.queue.views[queue]}</span>
                <span className="queue-tab__count" data-testid={`queue-count-${queue}`}>
                  {count === null ? '·' : formatNumber(count)}
                </span>
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

interface HiddenProps {
  view: ViewState;
  counts: CallLogCounts | null;
  /** The calls the list shows for this view (every page), or null while it loads. */
  listTotal: number | null;
  onChange: (next: ViewState, mode?: NavigationMode) => void;
}

/**
 * While searching, says how many matches the view's filters leave out, and shows them in one click:
 * "3 more matches in Done, Archived — Show all". A search never hides a call without saying so.
 */
export function HiddenMatches({ view, counts, listTotal, onChange }: HiddenProps) {
  const { t, formatNumber } = useT();
  if (!view.search.trim() || !counts || listTotal === null) return null;

  let hidden: number;
  let where: string;
  if (view.queue === 'all') {
    const left = STATUS_LABELS.filter((status) => !shownStatuses(view).includes(status) && counts[status] > 0);
    hidden = left.reduce((sum, status) => sum + counts[status], 0);
    where = t.queue.inStatuses(left.map((status) => t.status[status]).join(', '));
  } else {
    hidden = STATUS_LABELS.reduce((sum, status) => sum + counts[status], 0) - listTotal;
    where = t.queue.outsideView;
  }
  if (hidden <= 0) return null;

  return (
    <p className="hidden-matches" role="status">
      <span>{t.queue.moreMatches(hidden, formatNumber(hidden), where)}</span>
      <button type="button" className="link-button" onClick={() => onChange({ ...view, queue: 'all', statuses: [], page: 1 })}>
        {t.queue.showAll}
      </button>
    </p>
  );
}
