import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { ApiError, isAbort } from '../../api/client.js';
import { fetchCallLog, updateCallLog } from '../../api/endpoints.js';
import { STATUS_LABELS } from '../../api/labels.js';
import type { CallLogDetailView, CallLogUpdate, StatusLabel } from '../../api/types.js';
import { describeCallback } from '../../format/callback.js';
import { formatDuration, formatFullDateTime } from '../../format/datetime.js';
import { formatPhone, telHref } from '../../format/phone.js';
import { useT } from '../../i18n/i18n.js';
import { callerName } from '../call-list/call-list.js';
import { statusClass } from '../call-list/filters-bar.js';
import { Conversation } from './conversation.js';
import { EditableText } from './editable-text.js';

interface Props {
  callId: number;
  /** Changes when the stream says this call changed elsewhere: the panel reloads it. */
  refreshKey: number;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onClose: () => void;
  /** A change shown at once in the list (optimistic), or undone. */
  onLocalChange: (id: number, patch: Partial<CallLogDetailView>) => void;
  /** The server accepted a change: the list and the counts reload. */
  onSaved: (call: CallLogDetailView) => void;
}

type Loaded = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; call: CallLogDetailView };

export function CallDetailPanel({ callId, refreshKey, headingRef, onClose, onLocalChange, onSaved }: Props) {
  const { t, locale, describeError, formatNumber } = useT();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [statusError, setStatusError] = useState<string | null>(null);
  const [reloadTick, setReloadTick] = useState(0);
  /** The last status the server confirmed, to roll back to; and which status request is the latest. */
  const confirmedStatus = useRef<StatusLabel | null>(null);
  const statusRequest = useRef(0);

  useEffect(() => {
    setLoaded({ state: 'loading' });
    setStatusError(null);
  }, [callId]);

  useEffect(() => {
    const controller = new AbortController();
    fetchCallLog(callId, controller.signal).then(
      (call) => {
        confirmedStatus.current = call.status;
        setLoaded({ state: 'ready', call });
      },
      (error: unknown) => {
        if (!isAbort(error)) setLoaded((previous) => (previous.state === 'ready' && refreshKey > 0 ? previous : { state: 'error', error }));
      },
    );
    return () => controller.abort();
    // refreshKey and reloadTick are reasons to fetch again.
  }, [callId, refreshKey, reloadTick]);

  const call = loaded.state === 'ready' ? loaded.call : null;

  const changeStatus = useCallback(
    async (next: StatusLabel) => {
      if (!call || call.status === next) return;
      const request = ++statusRequest.current;
      const rollbackTo = confirmedStatus.current ?? call.status;
      setStatusError(null);
      setLoaded({ state: 'ready', call: { ...call, status: next } });
      onLocalChange(call.id, { status: next });
      try {
        const updated = await updateCallLog(call.id, { status: next });
        confirmedStatus.current = updated.status;
        if (request !== statusRequest.current) return;
        setLoaded({ state: 'ready', call: updated });
        onSaved(updated);
      } catch (error) {
        if (request !== statusRequest.current) return;
        if (error instanceof ApiError && error.status === 401) return; // the sign-in form takes over
        setLoaded((previous) =>
          previous.state === 'ready' ? { state: 'ready', call: { ...previous.call, status: rollbackTo } } : previous,
        );
        onLocalChange(call.id, { status: rollbackTo });
        setStatusError(t.statusRolledBack(t.status[rollbackTo], describeError(error)));
      }
    },
    [call, onLocalChange, onSaved, t, describeError],
  );

  const saveField = useCallback(
    async (update: CallLogUpdate) => {
      if (!call) return;
      const updated = await updateCallLog(call.id, update);
      confirmedStatus.current = updated.status;
      setLoaded({ state: 'ready', call: updated });
      onSaved(updated);
    },
    [call, onSaved],
  );

  return (
    <aside className="detail" aria-labelledby="detail-heading">
      <div className="detail__bar">
        <h2 id="detail-heading" ref={headingRef} tabIndex={-1} className="detail__heading">
          {call ? callerName(call) || t.unknownCaller : t.callDetails}
        </h2>
        <button type="button" className="icon-button icon-button--large" aria-label={t.close} title={`${t.close} (Esc)`} onClick={onClose}>
          <svg viewBox="0 0 20 20" aria-hidden="true">
            <path d="m5 5 10 10M15 5 5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
        </button>
      </div>

      {loaded.state === 'loading' && (
        <div className="state" role="status">
          <span className="spinner" aria-hidden="true" />
          {t.loadingCall}
        </div>
      )}

      {loaded.state === 'error' && (
        <div className="state state--error" role="alert">
          <p className="state__title">{t.callLoadFailed}</p>
          <p>{describeError(loaded.error)}</p>
          {!(loaded.error instanceof ApiError && loaded.error.status === 404) && (
            <button type="button" className="button" onClick={() => setReloadTick((n) => n + 1)}>
              {t.retry}
            </button>
          )}
        </div>
      )}

      {call && (
        <div className="detail__body">
          <div className="detail__summary-line">
            <a className="detail__phone" href={telHref(call.caller_phone_number)}>
              {formatPhone(call.caller_phone_number)}
            </a>
            {call.reason_for_call && (
              <span className={`reason reason--${call.reason_for_call === 'Emergency' ? 'emergency' : 'normal'}`}>
                {t.reason[call.reason_for_call]}
              </span>
            )}
            {call.is_existing_patient === false && <span className="tag tag--new-patient">{t.newPatient}</span>}
          </div>
          <p className="detail__when">
            <time dateTime={call.call_started_at}>{formatFullDateTime(call.call_started_at, locale)}</time>
          </p>

          <section className="detail__section" aria-labelledby="status-heading">
            <h3 id="status-heading" className="detail__label">
              {t.statusHeading}
            </h3>
            <div className="status-buttons" role="group" aria-labelledby="status-heading">
              {STATUS_LABELS.map((status) => (
                <button
                  key={status}
                  type="button"
                  className={`status-button status-button--${statusClass(status)}`}
                  aria-pressed={call.status === status}
                  title={t.setStatus(t.status[status])}
                  onClick={() => void changeStatus(status)}
                >
                  {t.status[status]}
                </button>
              ))}
            </div>
            {statusError && (
              <p className="form-error" role="alert">
                {statusError}
              </p>
            )}
          </section>

          <section className="detail__section" aria-labelledby="summary-heading">
            <h3 id="summary-heading" className="detail__label">
              {t.summary}
            </h3>
            <EditableText
              key={call.id}
              label={t.summary}
              editLabel={t.editSummary}
              value={call.summary}
              emptyText={t.noSummary}
              onSave={(summary) => saveField({ summary })}
            />
          </section>

          <section className="detail__section" aria-labelledby="details-heading">
            <h3 id="details-heading" className="detail__label">
              {t.details}
            </h3>
            <dl className="facts">
              <Fact label={t.detailedReason} wide>
                {call.detailed_reason}
              </Fact>
              <Fact label={t.callbackPreference}>{describeCallback(call.raw_structured_data, call.callback_preference, t)}</Fact>
              <Fact label={t.preferredDentist}>{call.preferred_dentist}</Fact>
              <Fact label={t.patient}>
                {call.is_existing_patient === null ? null : call.is_existing_patient ? t.existingPatient : t.newPatient}
              </Fact>
              <Fact label={t.duration}>{call.call_duration_seconds === null ? null : formatDuration(call.call_duration_seconds)}</Fact>
              <Fact label={t.endedReason}>{call.ended_reason && describeEndedReason(t.endedReasons, call.ended_reason)}</Fact>
              <Fact label={t.cost}>
                {call.cost === null ? null : formatNumber(call.cost, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 })}
              </Fact>
            </dl>
          </section>

          <section className="detail__section" aria-labelledby="recording-heading">
            <h3 id="recording-heading" className="detail__label">
              {t.recording}
            </h3>
            {call.audio_recording_url ? (
              <Recording key={call.id} callId={call.id} url={call.audio_recording_url} />
            ) : (
              <p className="muted">{t.noRecording}</p>
            )}
          </section>

          <section className="detail__section" aria-labelledby="conversation-heading">
            <h3 id="conversation-heading" className="detail__label">
              {t.conversation}
            </h3>
            <Conversation conversation={call.full_conversation_json} transcript={call.transcript_text} />
          </section>

          <section className="detail__section">
            <details className="raw-data">
              <summary>{t.structuredData}</summary>
              {call.raw_structured_data === null || call.raw_structured_data === undefined ? (
                <p className="muted">{t.noStructuredData}</p>
              ) : (
                <pre>{JSON.stringify(call.raw_structured_data, null, 2)}</pre>
              )}
            </details>
          </section>
        </div>
      )}
    </aside>
  );
}

/** A known end-of-call code in words; an unknown one made readable ("pipeline-error-openai" → "Pipeline error openai"). */
function describeEndedReason(known: Record<string, string>, code: string): string {
  const words = known[code] ?? code.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function Fact({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  const { t } = useT();
  const empty = children === null || children === undefined || children === '' || children === false;
  return (
    <div className={wide ? 'fact fact--wide' : 'fact'}>
      <dt>{label}</dt>
      <dd className={empty ? 'muted' : undefined}>{empty ? t.notGiven : children}</dd>
    </div>
  );
}

/**
 * The player streams a link on our own origin, signed for this user and valid a few minutes
 * (ZENICALL_RECORDING_LINK_SECONDS); the provider's address never reaches the browser. It keeps the
 * link it started with: a detail reloaded after an edit or a live update carries a new one, and
 * switching would restart the recording. When the link fails (it expired while the panel stayed
 * open, say), the player asks for a fresh one once, and carries on from where it was.
 * `preload="none"`: only pressing play fetches the recording, so the call's trail records plays, not
 * calls merely opened.
 */
function Recording({ callId, url }: { callId: number; url: string }) {
  const { t } = useT();
  const audio = useRef<HTMLAudioElement>(null);
  const [src, setSrc] = useState(url);
  const [failed, setFailed] = useState(false);
  const renewing = useRef<'no' | 'renewed'>('no');
  const resumeAt = useRef<number | null>(null);

  useEffect(() => {
    if (renewing.current !== 'renewed' || !audio.current) return;
    audio.current.load();
    audio.current.play().catch(() => {});
  }, [src]);

  const onError = () => {
    if (renewing.current !== 'no') {
      setFailed(true);
      return;
    }
    renewing.current = 'renewed';
    resumeAt.current = audio.current && audio.current.currentTime > 0 ? audio.current.currentTime : null;
    fetchCallLog(callId).then(
      (call) => (call.audio_recording_url ? setSrc(call.audio_recording_url) : setFailed(true)),
      () => setFailed(true),
    );
  };
  const onLoadedMetadata = () => {
    if (resumeAt.current === null || !audio.current) return;
    audio.current.currentTime = resumeAt.current;
    resumeAt.current = null;
  };

  return (
    <div className="recording">
      <audio
        ref={audio}
        controls
        preload="none"
        src={src}
        onError={onError}
        onLoadedMetadata={onLoadedMetadata}
        onPlaying={() => {
          // A link that plays again may be renewed again later.
          renewing.current = 'no';
          setFailed(false);
        }}
        aria-label={t.recording}
      >
        <a href={src}>{t.openRecording}</a>
      </audio>
      {failed && (
        <p className="hint">
          {t.recordingFailed}{' '}
          <a href={src} target="_blank" rel="noreferrer">
            {t.openRecording}
          </a>
        </p>
      )}
    </div>
  );
}
