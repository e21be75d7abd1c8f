import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { ApiError, isAbort } from '../../api/client.js';
import { fetchCallLog, logCallbackAttempt, updateCallWork } from '../../api/endpoints.js';
import type { AttemptResult, CallLogDetailView, CallLogUpdate, Me, OutcomeLabel, StatusLabel, UserRef } from '../../api/types.js';
import { isFormField } from '../../components/keyboard.js';
import { useToasts } from '../../components/toasts.js';
import { formatDuration, formatFullDateTime } from '../../format/datetime.js';
import { formatPhone } from '../../format/phone.js';
import { describeErrorIn, useT } from '../../i18n/i18n.js';
import { callerName } from '../call-list/call-list.js';
import { ActivityTimeline } from './activity-timeline.js';
import { CallbackAttempts } from './callback-attempts.js';
import { CallerHistory } from './caller-history.js';
import { Closing } from './closing.js';
import { Conversation } from './conversation.js';
import { Corrections } from './corrections.js';
import { EditableText } from './editable-text.js';
import { Notes } from './notes.js';
import { ShortcutsHelp } from './shortcuts-help.js';
import { usePresence } from './use-presence.js';
import { WorkCard } from './work-card.js';
import './call-detail.css';

interface Props {
  callId: number;
  me: Me;
  /** Colleagues and this user with the call open right now (from the live stream). */
  viewers: readonly UserRef[];
  /** Changes when the stream says this call changed elsewhere: the panel reloads it. */
  refreshKey: number;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onClose: () => void;
  /** A change shown at once in the list (optimistic), or undone. */
  onLocalChange: (id: number, patch: Partial<CallLogDetailView>) => void;
  /** The server accepted a change: the list and the counts reload. */
  onSaved: (call: CallLogDetailView) => void;
  /** Shows another call in the panel (the caller's history, an undo). */
  onOpenCall: (id: number) => void;
  /** Shows the call after (1) or before (-1) this one in the list; with `left`, this one is leaving the list (done, archived). */
  onStep: (step: 1 | -1, left?: boolean) => void;
}

type Loaded = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; call: CallLogDetailView };

export function CallDetailPanel({
  callId,
  me,
  viewers,
  refreshKey,
  headingRef,
  onClose,
  onLocalChange,
  onSaved,
  onOpenCall,
  onStep,
}: Props) {
  const { t, locale, describeError, formatNumber } = useT();
  const toasts = useToasts();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  /** A status change the server refused, and the status it went back to (words rendered in the page's current language). */
  const [statusError, setStatusError] = useState<{ rollbackTo: StatusLabel; error: unknown } | null>(null);
  const [workBusy, setWorkBusy] = useState(false);
  const [workError, setWorkError] = useState<unknown>(null);
  const [choosingOutcome, setChoosingOutcome] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const [reloadTick, setReloadTick] = useState(0);
  /** Moves on whenever the call changed: notes, trail and history are read again. */
  const [trailVersion, setTrailVersion] = useState(0);
  /** The last status the server confirmed, to roll back to; and which status request is the latest. */
  const confirmedStatus = useRef<StatusLabel | null>(null);
  const statusRequest = useRef(0);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const attemptRef = useRef<HTMLTextAreaElement>(null);

  usePresence(callId);

  useEffect(() => {
    setLoaded({ state: 'loading' });
    setStatusError(null);
  }, [callId]);

  useEffect(() => {
    const controller = new AbortController();
    fetchCallLog(callId, controller.signal).then(
      (call) => {
        confirmedStatus.current = call.status;
        setLoaded({ state: 'ready', call: call });
        setTrailVersion((n) => n + 1);
      },
      (error: unknown) => {
        if (!isAbort(error)) setLoaded((previous) => (previous.state === 'ready' && refreshKey > 0 ? previous : { state: 'error', error }));
      },
    );
    return () => controller.abort();
    // refreshKey and reloadTick are reasons to fetch again.
  }, [callId, refreshKey, reloadTick]);

  const call = loaded.state === 'ready' ? loaded.call : null;

  /** The server's answer becomes what the panel shows, and the list hears of it. */
  const apply = useCallback(
    (updated: CallLogDetailView) => {
      confirmedStatus.current = updated.status;
      setLoaded({ state: 'ready', call: updated });
      setTrailVersion((n) => n + 1);
      onSaved(updated);
    },
    [onSaved],
  );

  const changeStatus = useCallback(
    async (next: 'New' | 'In Progress') => {
      if (!call || call.status === next) return;
      const request = ++statusRequest.current;
      const rollbackTo = confirmedStatus.current ?? call.status;
      setStatusError(null);
      setChoosingOutcome(false);
      setLoaded({ state: 'ready', call: { ...call, status: next } });
      onLocalChange(call.id, { status: next });
      try {
        // Reopened: a Done call's outcome no longer describes it.
        const updated = await updateCallWork(call.id, call.outcome ? { status: next, outcome: null } : { status: next });
        confirmedStatus.current = updated.status;
        if (request !== statusRequest.current) return;
        apply(updated);
      } catch (error) {
        if (request !== statusRequest.current) return;
        if (error instanceof ApiError && error.status === 401) return; // the sign-in form takes over
        setLoaded((previous) =>
          previous.state === 'ready' ? { state: 'ready', call: { ...previous.call, status: rollbackTo } } : previous,
        );
        onLocalChange(call.id, { status: rollbackTo });
        setStatusError({ rollbackTo, error });
      }
    },
    [call, onLocalChange, apply],
  );

  /**
   * Done (with its outcome) or Archived: the call leaves the work lists, so the panel moves on to the
   * next call, and a toast offers to undo for a few seconds (the previous status and outcome come back).
   */
  const closeCall = useCallback(
    async (status: 'Done' | 'Archived', outcome?: OutcomeLabel) => {
      if (!call) return;
      const before = { status: call.status, outcome: call.outcome };
      const name = callerName(call) || formatPhone(call.caller_phone_number);
      setStatusError(null);
      setWorkBusy(true);
      try {
        const updated = await updateCallWork(call.id, status === 'Done' ? { status, outcome } : { status });
        apply(updated);
        setChoosingOutcome(false);
        const id = call.id;
        const undo = async () => {
          const restore: CallLogUpdate = { status: before.status };
          if (before.outcome !== updated.outcome) restore.outcome = before.outcome;
          try {
            onSaved(await updateCallWork(id, restore));
            toasts.show({ kind: 'info', text: (m) => m.undone(name) });
            onOpenCall(id);
          } catch (error) {
            toasts.show({ kind: 'alert', text: (m) => m.undoFailed(describeErrorIn(m, error)) });
          }
        };
        toasts.show({
          kind: 'info',
          text: (m) => (status === 'Done' && outcome ? m.closedDone(name, m.outcome[outcome]) : m.closedArchived(name)),
          action: { label: (m) => m.undo, run: () => void undo() },
        });
        onStep(1, true);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return;
        setStatusError({ rollbackTo: before.status, error });
      } finally {
        setWorkBusy(false);
      }
    },
    [call, apply, onSaved, onOpenCall, onStep, toasts],
  );

  const changeWork = useCallback(
    async (update: CallLogUpdate) => {
      if (!call) return;
      setWorkBusy(true);
      setWorkError(null);
      try {
        apply(await updateCallWork(call.id, update));
      } catch (error) {
        setWorkError(error);
      } finally {
        setWorkBusy(false);
      }
    },
    [call, apply],
  );

  const saveField = useCallback(
    async (update: CallLogUpdate) => {
      if (!call) return;
      apply(await updateCallWork(call.id, update));
    },
    [call, apply],
  );

  const logAttempt = useCallback(
    async (attempt: { result: AttemptResult; note?: string }) => {
      if (!call) return;
      apply(await logCallbackAttempt(call.id, attempt));
    },
    [call, apply],
  );

  // ---- Keyboard shortcuts (not while typing) -------------------------------------------------
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || showShortcuts) return;
      if (isFormField(document.activeElement)) return;
      const focusSoon = (element: HTMLElement | null) => {
        element?.scrollIntoView({ block: 'center' });
        element?.focus();
      };
      const actions: Record<string, () => void> = {
        '?': () => setShowShortcuts(true),
        j: () => onStep(1),
        k: () => onStep(-1),
        ...(call && {
          a: () => {
            if (call.assignee?.id !== me.id) void changeWork({ assignee_id: me.id });
          },
          d: () => setChoosingOutcome(true),
          n: () => focusSoon(noteRef.current),
          c: () => focusSoon(attemptRef.current),
        }),
      };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [call, me.id, changeWork, onStep, showShortcuts]);

  const others = viewers.filter((viewer) => viewer.id !== me.id);
  const bumpTrail = useCallback(() => setTrailVersion((n) => n + 1), []);

  return (
    <aside className="detail" aria-labelledby="detail-heading">
      <div className="detail__bar">
        <h2 id="detail-heading" ref={headingRef} tabIndex={-1} className="detail__heading">
          {call ? callerName(call) || t.unknownCaller : t.callDetails}
        </h2>
        <div className="detail__bar-actions">
          {call && call.status !== 'Archived' && (
            <button
              type="button"
              className="link-button detail__archive"
              title={t.archiveHint}
              disabled={workBusy}
              onClick={() => void closeCall('Archived')}
            >
              {t.archive}
            </button>
          )}
          <button
            type="button"
            className="icon-button"
            aria-label={t.showShortcuts}
            title={t.showShortcuts}
            onClick={() => setShowShortcuts(true)}
          >
            ?
          </button>
          <button
            type="button"
            className="icon-button icon-button--large"
            aria-label={t.close}
            title={`${t.close} (Esc)`}
            onClick={onClose}
          >
            <svg viewBox="0 0 20 20" aria-hidden="true">
              <path d="m5 5 10 10M15 5 5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
            </svg>
          </button>
        </div>
      </div>
      {others.length > 0 && (
        <p className="presence" role="status">
          <span className="presence__dot" aria-hidden="true" />
          {t.viewing(new Intl.ListFormat(locale, { type: 'conjunction' }).format(others.map((viewer) => viewer.name)), others.length)}
        </p>
      )}
      {showShortcuts && <ShortcutsHelp onClose={() => setShowShortcuts(false)} />}

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
            <span className="detail__phone">{formatPhone(call.caller_phone_number)}</span>
            {call.reason_for_call && (
              <span className={`reason reason--${call.reason_for_call === 'Emergency' ? 'emergency' : 'normal'}`}>
                {t.reason[call.reason_for_call]}
              </span>
            )}
            {call.is_existing_patient === false && <span className="tag tag--new-patient">{t.newPatient}</span>}
            {call.caller_call_count > 1 && <span className="tag tag--repeat">{t.row.repeatCaller(call.caller_call_count)}</span>}
          </div>
          <p className="detail__when">
            <time dateTime={call.call_started_at}>{formatFullDateTime(call.call_started_at, locale)}</time>
          </p>

          <WorkCard call={call} me={me} busy={workBusy} error={workError} onChange={(update) => void changeWork(update)} />

          <Closing
            call={call}
            choosing={choosingOutcome}
            onChoosing={setChoosingOutcome}
            onStatus={(status) => void changeStatus(status)}
            onDone={(outcome) => void closeCall('Done', outcome)}
            busy={workBusy}
          />
          {statusError && (
            <p className="form-error" role="alert">
              {t.statusRolledBack(t.status[statusError.rollbackTo], describeError(statusError.error))}
            </p>
          )}

          <CallbackAttempts ref={attemptRef} onLog={logAttempt} />

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

          <Notes ref={noteRef} callId={call.id} version={trailVersion} onAdded={bumpTrail} />

          <section className="detail__section" aria-labelledby="details-heading">
            <div className="detail__label-row">
              <h3 id="details-heading" className="detail__label">
                {t.details}
              </h3>
              {!correcting && (
                <button type="button" className="button button--small" onClick={() => setCorrecting(true)}>
                  {t.correctDetails}
                </button>
              )}
            </div>
            {correcting && <Corrections call={call} onSave={saveField} onDone={() => setCorrecting(false)} />}
            <dl className="facts">
              <Fact label={t.detailedReason} wide>
                {call.detailed_reason}
              </Fact>
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

          <CallerHistory callId={call.id} version={trailVersion} onOpen={onOpenCall} />

          <ActivityTimeline callId={call.id} version={trailVersion} />

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
