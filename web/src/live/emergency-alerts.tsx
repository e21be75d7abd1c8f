import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallLogListItem } from '../api/types.js';
import { formatPhone } from '../format/phone.js';
import { useT } from '../i18n/i18n.js';

/**
 * An emergency must be noticed within seconds, whatever the front desk is looking at: a banner at the
 * top of the page (at every width), a distinct tab title, a tone (unless muted) and a desktop
 * notification (when the browser allows it).
 */

export interface EmergencyAlert {
  callId: number;
  caller: string;
  phone: string;
}

/** A call that arrives as Urgent, or that the caller said was an emergency. */
export const isEmergency = (call: Pick<CallLogListItem, 'priority' | 'reason_for_call'>) =>
  call.priority === 'Urgent' || call.reason_for_call === 'Emergency';

const SOUND_KEY = 'zenicall.emergencySound';
const ASKED_KEY = 'zenicall.notificationsAsked';
const SHOWN_ALERTS = 3;

let audio: AudioContext | null = null;
function audioContext(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  audio ??= new AudioContext();
  return audio;
}

/** Three falling two-tone beeps, made on the spot (no sound file to download). */
function playAlarm() {
  const context = audioContext();
  if (!context) return;
  if (context.state === 'suspended') void context.resume().catch(() => undefined);
  const start = context.currentTime + 0.02;
  for (let beep = 0; beep < 3; beep++) {
    const at = start + beep * 0.5;
    const tone = context.createOscillator();
    const volume = context.createGain();
    tone.type = 'triangle';
    tone.frequency.setValueAtTime(988, at);
    tone.frequency.setValueAtTime(740, at + 0.18);
    volume.gain.setValueAtTime(0.0001, at);
    volume.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
    volume.gain.setValueAtTime(0.3, at + 0.32);
    volume.gain.exponentialRampToValueAtTime(0.0001, at + 0.4);
    tone.connect(volume).connect(context.destination);
    tone.start(at);
    tone.stop(at + 0.42);
  }
}

const notificationsSupported = () => typeof Notification !== 'undefined';

/**
 * Browsers play sound and ask for permissions only after a person did something on the page: the
 * first click or key press readies the audio and asks once (per browser) whether Zenicall may show
 * desktop notifications.
 */
function usePrepareOnFirstGesture() {
  useEffect(() => {
    const onGesture = () => {
      document.removeEventListener('pointerdown', onGesture, true);
      document.removeEventListener('keydown', onGesture, true);
      void audioContext()
        ?.resume()
        .catch(() => undefined);
      if (notificationsSupported() && Notification.permission === 'default' && !localStorage.getItem(ASKED_KEY)) {
        localStorage.setItem(ASKED_KEY, new Date().toISOString());
        void Notification.requestPermission().catch(() => undefined);
      }
    };
    document.addEventListener('pointerdown', onGesture, true);
    document.addEventListener('keydown', onGesture, true);
    return () => {
      document.removeEventListener('pointerdown', onGesture, true);
      document.removeEventListener('keydown', onGesture, true);
    };
  }, []);
}

/** The alerts on screen, and what raises and clears them. `onOpen` opens the call (banner button or notification click). */
export function useEmergencyAlerts(onOpen: (callId: number) => void) {
  const { t } = useT();
  const [alerts, setAlerts] = useState<EmergencyAlert[]>([]);
  const [soundOn, setSoundOnState] = useState(() => localStorage.getItem(SOUND_KEY) !== 'off');
  const live = useRef({ soundOn, t, onOpen });
  live.current = { soundOn, t, onOpen };
  usePrepareOnFirstGesture();

  const setSoundOn = useCallback((on: boolean) => {
    localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
    setSoundOnState(on);
  }, []);

  const dismiss = useCallback((callId: number) => setAlerts((all) => all.filter((alert) => alert.callId !== callId)), []);

  const raise = useCallback((call: CallLogListItem, caller: string) => {
    const alert: EmergencyAlert = { callId: call.id, caller, phone: formatPhone(call.caller_phone_number) };
    setAlerts((all) => [alert, ...all.filter((a) => a.callId !== call.id)]);
    const { soundOn: sound, t: messages } = live.current;
    if (sound) playAlarm();
    if (notificationsSupported() && Notification.permission === 'granted') {
      try {
        const notification = new Notification(messages.alert.notificationTitle(caller), {
          body: alert.phone,
          tag: `zenicall-emergency-${call.id}`,
          requireInteraction: true,
        });
        notification.onclick = () => {
          window.focus();
          live.current.onOpen(call.id);
          notification.close();
        };
      } catch {
        // Some browsers allow notifications only from a service worker: the banner and the sound remain.
      }
    }
  }, []);

  return { alerts, raise, dismiss, soundOn, setSoundOn, tabTitle: alerts.length ? `🚨 ${t.alert.tabTitle} — ${t.appName}` : null };
}

/** The banner across the top of the page, above everything (the detail drawer included). */
export function EmergencyBanner({
  alerts,
  onOpen,
  onDismiss,
}: {
  alerts: EmergencyAlert[];
  onOpen: (callId: number) => void;
  onDismiss: (callId: number) => void;
}) {
  const { t } = useT();
  if (alerts.length === 0) return null;
  const shown = alerts.slice(0, SHOWN_ALERTS);
  return (
    <section className="emergency-banner" aria-label={t.alert.tabTitle}>
      {shown.map((alert) => (
        <div key={alert.callId} className="emergency-banner__item" role="alert">
          <span className="emergency-banner__icon" aria-hidden="true">
            !
          </span>
          <p className="emergency-banner__text">
            <strong>{t.alert.banner(alert.caller)}</strong> · <span className="emergency-banner__phone">{alert.phone}</span>
          </p>
          <button type="button" className="button button--small emergency-banner__open" onClick={() => onOpen(alert.callId)}>
            {t.alert.open}
          </button>
          <button
            type="button"
            className="icon-button emergency-banner__dismiss"
            aria-label={t.alert.dismiss}
            onClick={() => onDismiss(alert.callId)}
          >
            ×
          </button>
        </div>
      ))}
      {alerts.length > shown.length && <p className="emergency-banner__more">{t.alert.more(alerts.length - shown.length)}</p>}
    </section>
  );
}
