import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isAbort } from '../../api/client.js';
import { fetchMe } from '../../api/endpoints.js';
import type { CallLogDetailView, CallLogListItem, Me, UserRef } from '../../api/types.js';
import { isFormField } from '../../components/keyboard.js';
import { ToastProvider, useToasts } from '../../components/toasts.js';
import { formatPhone } from '../../format/phone.js';
import { useT } from '../../i18n/i18n.js';
import { EmergencyBanner, isEmergency, useEmergencyAlerts } from '../../live/emergency-alerts.js';
import { useCallStream, type CallStreamEvent, type PresenceEvent } from '../../live/use-call-stream.js';
import { useViewState, type ViewState } from '../../url-state.js';
import { CallDetailPanel } from '../call-detail/call-detail-panel.js';
import { CallList, callerName } from '../call-list/call-list.js';
import { FiltersBar } from '../call-list/filters-bar.js';
import { Pagination } from '../call-list/pagination.js';
import { useCallList } from '../call-list/use-call-list.js';
import { HiddenMatches, QueueTabs } from '../call-list/work-queue.js';
import { TopBar } from './top-bar.js';

/** Who is signed in, then the clinic's calls. */
export function Dashboard({ onSignOut }: { onSignOut: () => void }) {
  const { t, describeError } = useT();
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    fetchMe(controller.signal).then(setMe, (caught: unknown) => {
      if (!isAbort(caught)) setError(caught);
    });
    return () => controller.abort();
  }, [attempt]);

  if (me) {
    return (
      <ToastProvider>
        <Workspace me={me} onSignOut={onSignOut} />
      </ToastProvider>
    );
  }
  return (
    <div className="page-state">
      {error ? (
        <div className="state state--error" role="alert">
          <p className="state__title">{t.callsLoadFailed}</p>
          <p>{describeError(error)}</p>
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            {t.retry}
          </button>
        </div>
      ) : (
        <div className="state" role="status">
          <span className="spinner" aria-hidden="true" />
          {t.loadingCalls}
        </div>
      )}
    </div>
  );
}

const RELOAD_AFTER_EVENT_MS = 400;
const NO_VIEWERS: UserRef[] = [];
const FRESH_HIGHLIGHT_MS = 8_000;
const TIME_REFRESH_MS = 60_000;

function Workspace({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  const { t } = useT();
  const toasts = useToasts();
  const [view, navigate] = useViewState();
  const searchRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusDetailOnOpen = useRef(false);
  const [detailRefresh, setDetailRefresh] = useState(0);
  const [freshIds, setFreshIds] = useState<ReadonlySet<number>>(new Set());

  // The clinic in the URL when the user may see it; otherwise their first clinic.
  const clinic = me.clinics.find((c) => c.id === view.clinicId) ?? me.clinics[0] ?? null;
  const refusedClinic = useRef<number | null>(null);
  useEffect(() => {
    if (!clinic || view.clinicId === clinic.id) return;
    if (view.clinicId && refusedClinic.current !== view.clinicId) {
      refusedClinic.current = view.clinicId;
      toasts.show({ kind: 'info', text: (m) => m.clinicNotAvailable(clinic.name) });
    }
    navigate({ ...view, clinicId: clinic.id, callId: view.clinicId ? null : view.callId }, 'replace');
  }, [clinic, view, navigate, toasts]);
  const clinicId = clinic && view.clinicId === clinic.id ? clinic.id : null;

  const { list, counts, reload, patchItem } = useCallList(clinicId, view);

  // A page past the end (calls were archived, or an old link): go to the last page there is.
  useEffect(() => {
    const page = list.data;
    if (page && !list.loading && page.pages > 0 && view.page > page.pages) navigate({ ...view, page: page.pages }, 'replace');
  }, [list, view, navigate]);

  // Time alone makes a call overdue, with no event to say so: the views' counts and the list are
  // fetched again every minute while the tab is in view.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, TIME_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  // ---- Live updates -------------------------------------------------------------------------
  const viewRef = useRef<ViewState>(view);
  viewRef.current = view;
  const reloadTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const scheduleReload = useCallback(() => {
    clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(reload, RELOAD_AFTER_EVENT_MS);
  }, [reload]);
  useEffect(() => () => clearTimeout(reloadTimer.current), []);

  const openCall = useCallback(
    (id: number, focus = true) => {
      focusDetailOnOpen.current = focus;
      navigate({ ...viewRef.current, callId: id });
    },
    [navigate],
  );

  const emergencies = useEmergencyAlerts(openCall);
  const { raise: raiseEmergency, dismiss: dismissEmergency, tabTitle: emergencyTitle } = emergencies;
  const openFromAlert = useCallback(
    (id: number) => {
      dismissEmergency(id);
      openCall(id);
    },
    [dismissEmergency, openCall],
  );

  // The call is open: its alert has done its job.
  useEffect(() => {
    if (view.callId) dismissEmergency(view.callId);
  }, [view.callId, dismissEmergency]);

  useEffect(() => {
    const newCount = counts.data?.New;
    // "(3) Maple Grove Dental · Zenicall": a background tab still shows how many calls are new;
    // an emergency not yet seen takes the title over, so it stands out among the tabs.
    const name = [clinic?.name, t.appName].filter(Boolean).join(' · ');
    document.title = emergencyTitle ?? (newCount ? `(${newCount}) ${name}` : name);
  }, [counts.data, clinic, t.appName, emergencyTitle]);

  const onStreamEvent = useCallback(
    ({ type, call }: CallStreamEvent) => {
      if (call.clinic.id !== viewRef.current.clinicId) return;
      if (type === 'updated') {
        patchItem(call.id, call);
        if (call.id === viewRef.current.callId) setDetailRefresh((n) => n + 1);
      } else {
        setFreshIds((ids) => new Set([...ids, call.id]));
        setTimeout(() => setFreshIds((ids) => new Set([...ids].filter((id) => id !== call.id))), FRESH_HIGHLIGHT_MS);
        const who = callerName(call) || formatPhone(call.caller_phone_number);
        if (isEmergency(call)) raiseEmergency(call, who);
        else toasts.show({ kind: 'info', text: (m) => m.newCall(who), action: { label: (m) => m.open, run: () => openCall(call.id) } });
      }
      scheduleReload();
    },
    [patchItem, scheduleReload, toasts, openCall, raiseEmergency],
  );
  /** Who has which call open, from the stream's `presence` events. */
  const [presence, setPresence] = useState<ReadonlyMap<number, UserRef[]>>(new Map());
  const onPresence = useCallback((event: PresenceEvent) => {
    setPresence((current) => {
      if (event.type === 'reset') return new Map();
      const next = new Map(current);
      if (event.viewers.length) next.set(event.callId, event.viewers);
      else next.delete(event.callId);
      return next;
    });
  }, []);
  const stream = useCallStream(clinicId, { onEvent: onStreamEvent, onResync: reload, onPresence });

  // ---- Detail panel -------------------------------------------------------------------------
  useEffect(() => {
    if (view.callId && focusDetailOnOpen.current) headingRef.current?.focus();
    focusDetailOnOpen.current = false;
  }, [view.callId]);

  const closeCall = useCallback(() => {
    const id = viewRef.current.callId;
    navigate({ ...viewRef.current, callId: null });
    requestAnimationFrame(() => {
      const row = document.querySelector<HTMLElement>(`[data-call-id="${id}"]`);
      (row ?? searchRef.current)?.focus();
    });
  }, [navigate]);

  const onLocalChange = useCallback(
    (id: number, patch: Partial<CallLogDetailView>) => patchItem(id, patch as Partial<CallLogListItem>),
    [patchItem],
  );
  const onSaved = useCallback(() => scheduleReload(), [scheduleReload]);

  /**
   * The call after (1) or before (-1) the open one on the list's page. `left`: the open call is
   * leaving the list (done, archived), so with no call after it the one before it opens, and with
   * none at all the panel closes.
   */
  const listItems = useRef<readonly CallLogListItem[]>([]);
  listItems.current = list.data?.items ?? [];
  const stepCall = useCallback(
    (step: 1 | -1, left = false) => {
      const items = listItems.current;
      const index = items.findIndex((item) => item.id === viewRef.current.callId);
      const next = index === -1 ? items[0] : (items[index + step] ?? (left ? items[index - step] : undefined));
      if (next && next.id !== viewRef.current.callId) openCall(next.id, false);
      else if (left) closeCall();
    },
    [openCall, closeCall],
  );

  // ---- Keyboard -----------------------------------------------------------------------------
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      const active = document.activeElement;
      if (event.key === '/' && !isFormField(active)) {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
        return;
      }
      if (event.key === 'Escape' && viewRef.current.callId) {
        if (active === searchRef.current && searchRef.current?.value) return; // Esc clears the search first
        event.preventDefault();
        closeCall();
        return;
      }
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
      const inDetail = active instanceof Element && active.closest('.detail') && active !== headingRef.current;
      if (inDetail || (isFormField(active) && active !== searchRef.current)) return;
      const rows = [...document.querySelectorAll<HTMLElement>('.call-row')];
      if (rows.length === 0) return;
      event.preventDefault();
      let index = rows.indexOf(active as HTMLElement);
      if (index === -1) index = rows.findIndex((row) => row.getAttribute('aria-current') === 'true');
      const next = index === -1 ? (event.key === 'ArrowDown' ? 0 : rows.length - 1) : index + (event.key === 'ArrowDown' ? 1 : -1);
      const row = rows[Math.max(0, Math.min(rows.length - 1, next))];
      row?.focus();
      row?.scrollIntoView({ block: 'nearest' });
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [closeCall]);

  const onClinic = (id: number) => navigate({ ...view, clinicId: id, page: 1, callId: null });

  const detailOpen = Boolean(view.callId && clinicId);
  const workspaceClass = useMemo(() => `workspace${detailOpen ? ' workspace--detail' : ''}`, [detailOpen]);

  return (
    <div className="app">
      <a href="#calls" className="skip-link">
        {t.skipToCalls}
      </a>
      <EmergencyBanner alerts={emergencies.alerts} onOpen={openFromAlert} onDismiss={dismissEmergency} />
      <TopBar
        me={me}
        clinic={clinic}
        stream={stream}
        soundOn={emergencies.soundOn}
        onSound={emergencies.setSoundOn}
        onClinic={onClinic}
        onSignOut={onSignOut}
      />
      {!clinic ? (
        <main className="page-state">
          <p className="state" role="status">
            {t.noClinics}
          </p>
        </main>
      ) : (
        <div className={workspaceClass}>
          <main id="calls" className="calls-pane" tabIndex={-1}>
            <h1 className="visually-hidden">{`${t.callsHeading} · ${clinic.name}`}</h1>
            <QueueTabs view={view} counts={counts.data} onChange={navigate} />
            <FiltersBar ref={searchRef} view={view} counts={counts.data} onChange={navigate} />
            <HiddenMatches
              view={view}
              counts={counts.data}
              listTotal={list.loading ? null : (list.data?.total ?? null)}
              onChange={navigate}
            />
            <CallList
              view={view}
              page={list.data}
              loading={list.loading}
              error={list.error}
              freshIds={freshIds}
              onOpen={openCall}
              onRetry={reload}
            />
            {list.data && <Pagination page={list.data} onPage={(page) => navigate({ ...view, page })} />}
            <p className="keyboard-help">{t.keyboardHelp}</p>
          </main>
          {detailOpen && view.callId && (
            <>
              <div className="detail-backdrop" aria-hidden="true" onClick={closeCall} />
              <CallDetailPanel
                key={view.callId}
                callId={view.callId}
                me={me}
                viewers={presence.get(view.callId) ?? NO_VIEWERS}
                onOpenCall={openCall}
                onStep={stepCall}
                refreshKey={detailRefresh}
                headingRef={headingRef}
                onClose={closeCall}
                onLocalChange={onLocalChange}
                onSaved={onSaved}
              />
            </>
          )}
        </div>
      )}
    </div>
  );
}
