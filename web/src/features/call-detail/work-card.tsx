import { useEffect, useId, useState } from 'react';
import { isAbort } from '../../api/client.js';
import { fetchClinicUsers } from '../../api/endpoints.js';
import { PRIORITY_LABELS } from '../../api/labels.js';
import type { CallLogDetailView, Me, PriorityLabel, UserRef, CallLogUpdate } from '../../api/types.js';
import { formatCallTime, formatDue } from '../../format/datetime.js';
import { formatPhone, telHref } from '../../format/phone.js';
import { useT } from '../../i18n/i18n.js';
import { describeCallback } from '../../format/callback.js';
import { useNow } from '../../format/use-now.js';

interface Props {
  call: CallLogDetailView;
  me: Me;
  /** A change of the work state is being saved; the last one failed with `error`. */
  busy: boolean;
  error: unknown;
  onChange: (update: CallLogUpdate) => void;
}

export const userName = (me: Pick<Me, 'id' | 'full_name' | 'email'>): UserRef => ({ id: me.id, name: me.full_name ?? me.email });

/** The call as work to do: who has it, how urgent, when it is due, what was tried; one click to call back or take it. */
export function WorkCard({ call, me, busy, error, onChange }: Props) {
  const { t, locale, describeError } = useT();
  const now = useNow(30_000);
  const [users, setUsers] = useState<UserRef[]>([]);
  const priorityId = useId();
  const assigneeId = useId();

  useEffect(() => {
    const controller = new AbortController();
    fetchClinicUsers(call.clinic_id, controller.signal).then(
      (page) => setUsers(page.items),
      (caught: unknown) => {
        // Without the clinic's list the menu still offers the signed-in user and whoever has the call.
        if (!isAbort(caught)) setUsers([]);
      },
    );
    return () => controller.abort();
  }, [call.clinic_id]);

  const self = userName(me);
  const choices = [...users];
  for (const person of [self, call.assignee]) if (person && !choices.some((u) => u.id === person.id)) choices.push(person);
  choices.sort((a, b) => a.name.localeCompare(b.name, locale));

  const open = call.status === 'New' || call.status === 'In Progress';
  const due =
    open && call.callback_due_at
      ? { text: formatDue(call.callback_due_at, t, now), overdue: Date.parse(call.callback_due_at) <= now.getTime() }
      : null;
  const callback = describeCallback(call.raw_structured_data, call.callback_preference, t);
  const mine = call.assignee?.id === me.id;

  return (
    <section className="work-card" aria-labelledby="work-heading">
      <h3 id="work-heading" className="visually-hidden">
        {t.workHeading}
      </h3>
      <div className="work-card__top">
        <a className="button button--primary work-card__call" href={telHref(call.caller_phone_number)}>
          <svg viewBox="0 0 16 16" aria-hidden="true" className="button__icon">
            <path
              d="M3.6 1.5 5.8 1l1.3 3.1-1.5 1.2a8 8 0 0 0 4.1 4.1l1.2-1.5 3.1 1.3-.5 2.2a1.5 1.5 0 0 1-1.5 1.1A11.5 11.5 0 0 1 2.5 3 1.5 1.5 0 0 1 3.6 1.5Z"
              fill="currentColor"
            />
          </svg>
          {t.callBackTel(formatPhone(call.caller_phone_number))}
        </a>
        {due && (
          <span className={`due ${due.overdue ? 'due--overdue' : ''}`} title={t.due}>
            {due.text}
          </span>
        )}
        {open && !due && <span className="due muted">{t.noDue}</span>}
      </div>

      <dl className="work-card__facts">
        <div className="work-fact">
          <dt>
            <label htmlFor={priorityId}>{t.priority}</label>
          </dt>
          <dd>
            <select
              id={priorityId}
              className={`priority-select priority-select--${call.priority.toLowerCase()}`}
              value={call.priority}
              disabled={busy}
              onChange={(event) => onChange({ priority: event.target.value as PriorityLabel })}
            >
              {PRIORITY_LABELS.map((label) => (
                <option key={label} value={label}>
                  {t.priorityLabel[label]}
                </option>
              ))}
            </select>
          </dd>
        </div>
        <div className="work-fact">
          <dt>
            <label htmlFor={assigneeId}>{t.assignee}</label>
          </dt>
          <dd className="work-fact__assignee">
            <select
              id={assigneeId}
              value={call.assignee?.id ?? ''}
              disabled={busy}
              onChange={(event) => onChange({ assignee_id: event.target.value ? Number(event.target.value) : null })}
            >
              <option value="">{t.nobody}</option>
              {choices.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.id === me.id ? t.you(user.name) : user.name}
                </option>
              ))}
            </select>
            {!mine && (
              <button type="button" className="button button--small" disabled={busy} onClick={() => onChange({ assignee_id: me.id })}>
                {t.assignToMe}
              </button>
            )}
          </dd>
        </div>
        <div className="work-fact">
          <dt>{t.callbackPreference}</dt>
          <dd>{callback ?? <span className="muted">{t.notGiven}</span>}</dd>
        </div>
        <div className="work-fact">
          <dt>{t.attempts}</dt>
          <dd>
            {t.attemptCount(call.callback_attempts)}
            {call.last_attempt_at && (
              <span className="muted"> · {t.lastAttempt(formatCallTime(call.last_attempt_at, locale, t, now))}</span>
            )}
          </dd>
        </div>
      </dl>
      {error != null && (
        <p className="form-error" role="alert">
          {t.saveFailed(describeError(error))}
        </p>
      )}
    </section>
  );
}
