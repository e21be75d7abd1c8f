import { useEffect, useState } from 'react';
import { isAbort } from '../../api/client.js';
import { fetchActivity } from '../../api/endpoints.js';
import type { ActivityEntry, OutcomeLabel, PriorityLabel, StatusLabel } from '../../api/types.js';
import { formatCallTime, formatFullDateTime } from '../../format/datetime.js';
import type { Messages } from '../../i18n/en.js';
import { useT } from '../../i18n/i18n.js';

const asText = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const nameOf = (value: unknown): string | null =>
  typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string'
    ? (value as { name: string }).name
    : asText(value);
const labelIn = <K extends string>(labels: Record<K, string>, value: unknown): string => {
  const text = asText(value);
  return text === null ? '—' : ((labels as Record<string, string>)[text] ?? text);
};

/** One line of the trail in words: "Marie assigned to Paul", "Paul · Status New → Done". */
export function describeActivity(entry: ActivityEntry, t: Messages, listFormat: Intl.ListFormat): string {
  const who = entry.actor?.name ?? (entry.action === 'created' || entry.action === 'provider_update' ? t.voiceAgent : t.system);
  const changes = entry.changes ?? {};
  /** A field's `{ from, to }`; anything else in the entry reads as nothing known. */
  const change = (field: string): { from?: unknown; to?: unknown } | undefined => {
    const value = changes[field];
    return typeof value === 'object' && value !== null ? value : undefined;
  };
  switch (entry.action) {
    case 'status_changed':
      return t.activity.status_changed(
        who,
        labelIn<StatusLabel>(t.status, change('status')?.from),
        labelIn<StatusLabel>(t.status, change('status')?.to),
      );
    case 'assigned':
      return t.activity.assigned(who, nameOf(change('assignee')?.to ?? change('assignee_id')?.to));
    case 'priority_changed':
      return t.activity.priority_changed(
        who,
        labelIn<PriorityLabel>(t.priorityLabel, change('priority')?.from),
        labelIn<PriorityLabel>(t.priorityLabel, change('priority')?.to),
      );
    case 'outcome_set': {
      const to = asText(change('outcome')?.to);
      return t.activity.outcome_set(who, to === null ? null : labelIn<OutcomeLabel>(t.outcome, to));
    }
    case 'summary_edited': {
      const fields = Object.keys(changes).map((field) => t.fieldNames[field] ?? field.replaceAll('_', ' '));
      return t.activity.summary_edited(who, fields.length ? listFormat.format(fields) : t.fieldNames.summary!);
    }
    case 'callback_attempt': {
      const result = asText(changes.result);
      return t.activity.callback_attempt(
        who,
        result && result in t.attemptResult ? t.attemptResult[result as keyof typeof t.attemptResult] : result,
      );
    }
    default:
      return t.activity[entry.action](who);
  }
}

interface Props {
  callId: number;
  version: number;
}

/** The call's trail, oldest first: who did what and when, readable after the person left the clinic. */
export function ActivityTimeline({ callId, version }: Props) {
  const { t, locale, describeError } = useT();
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchActivity(callId, controller.signal).then(
      (page) => {
        setEntries(page.items);
        setError(null);
      },
      (caught: unknown) => {
        if (!isAbort(caught)) setError(caught);
      },
    );
    return () => controller.abort();
  }, [callId, version]);

  const listFormat = new Intl.ListFormat(locale, { type: 'conjunction' });
  return (
    <section className="detail__section" aria-labelledby="activity-heading">
      <h3 id="activity-heading" className="detail__label">
        {t.activityHeading}
      </h3>
      {error != null && !entries && (
        <p className="form-error" role="alert">
          {t.activityLoadFailed} {describeError(error)}
        </p>
      )}
      {entries && entries.length === 0 && <p className="muted">{t.noActivity}</p>}
      {entries && entries.length > 0 && (
        <ol className="timeline" aria-label={t.activityHeading}>
          {entries.map((entry) => (
            <li key={entry.id} className="timeline__entry">
              <span className="timeline__text">{describeActivity(entry, t, listFormat)}</span>
              <time className="timeline__time" dateTime={entry.at} title={formatFullDateTime(entry.at, locale)}>
                {formatCallTime(entry.at, locale, t)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
