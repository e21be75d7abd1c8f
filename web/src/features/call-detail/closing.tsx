import { useEffect, useRef } from 'react';
import { OUTCOME_LABELS } from '../../api/labels.js';
import type { CallLogDetailView, OutcomeLabel, StatusLabel } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { statusClass } from '../call-list/filters-bar.js';

/** New and In progress are set in one click; Done always asks how the call ended. */
const STEPS: StatusLabel[] = ['New', 'In Progress', 'Done'];

interface Props {
  call: CallLogDetailView;
  /** The outcome buttons are showing (after Done, or `d`). */
  choosing: boolean;
  onChoosing: (choosing: boolean) => void;
  onStatus: (status: 'New' | 'In Progress') => void;
  onDone: (outcome: OutcomeLabel) => void;
  busy: boolean;
}

export function Closing({ call, choosing, onChoosing, onStatus, onDone, busy }: Props) {
  const { t } = useT();
  const firstOutcome = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (choosing) firstOutcome.current?.focus();
  }, [choosing]);

  return (
    <section className="detail__section" aria-labelledby="status-heading">
      <h3 id="status-heading" className="detail__label">
        {t.statusHeading}
      </h3>
      <div className="status-buttons status-buttons--three" role="group" aria-labelledby="status-heading">
        {STEPS.map((status) => (
          <button
            key={status}
            type="button"
            className={`status-button status-button--${statusClass(status)}`}
            aria-pressed={call.status === status}
            aria-expanded={status === 'Done' ? choosing : undefined}
            title={status === 'Done' ? t.chooseOutcome : t.setStatus(t.status[status])}
            disabled={busy}
            onClick={() => (status === 'Done' ? onChoosing(!choosing) : onStatus(status as 'New' | 'In Progress'))}
          >
            {t.status[status]}
          </button>
        ))}
      </div>
      {call.status === 'Archived' && <p className="hint">{t.archivedNote}</p>}
      {call.status === 'Done' && call.outcome && !choosing && (
        <p className="closing__outcome">
          {t.outcomeHeading}: <strong>{t.outcome[call.outcome]}</strong>
        </p>
      )}
      {choosing && (
        <div className="outcomes">
          <p id="outcome-heading" className="outcomes__question">
            {t.outcomeQuestion}
          </p>
          <div className="outcomes__buttons" role="group" aria-labelledby="outcome-heading">
            {OUTCOME_LABELS.map((outcome, index) => (
              <button
                key={outcome}
                ref={index === 0 ? firstOutcome : undefined}
                type="button"
                className="outcome-button"
                aria-pressed={call.status === 'Done' && call.outcome === outcome}
                disabled={busy}
                onClick={() => onDone(outcome)}
              >
                {t.outcome[outcome]}
              </button>
            ))}
          </div>
          <button type="button" className="link-button" onClick={() => onChoosing(false)}>
            {t.cancel}
          </button>
        </div>
      )}
    </section>
  );
}
