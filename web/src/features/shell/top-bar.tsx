import { useId } from 'react';
import type { Clinic, Me } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import type { StreamState } from '../../live/use-call-stream.js';
import { Logo } from '../sign-in/sign-in-page.js';
import { LanguageSwitch } from './language-switch.js';

interface Props {
  me: Me;
  clinic: Clinic | null;
  stream: StreamState;
  /** The emergency tone, on or muted (remembered by the browser). */
  soundOn: boolean;
  onSound: (on: boolean) => void;
  onClinic: (id: number) => void;
  onSignOut: () => void;
}

export function TopBar({ me, clinic, stream, soundOn, onSound, onClinic, onSignOut }: Props) {
  const { t } = useT();
  const clinicId = useId();
  const streamText = { live: t.liveConnected, connecting: t.liveConnecting, reconnecting: t.liveReconnecting, paused: t.liveOffline }[
    stream
  ];

  return (
    <header className="top-bar">
      <div className="brand">
        <Logo />
        <span className="brand__name">{t.appName}</span>
        <span className="brand__tagline">{t.appTagline}</span>
      </div>

      {me.clinics.length > 1 ? (
        <div className="clinic-switch">
          <label htmlFor={clinicId} className="clinic-switch__label">
            {t.clinic}
          </label>
          <select id={clinicId} value={clinic?.id ?? ''} onChange={(e) => onClinic(Number(e.target.value))}>
            {me.clinics.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      ) : (
        clinic && (
          <p className="clinic-switch">
            <span className="visually-hidden">{t.clinic}: </span>
            <span className="clinic-switch__name">{clinic.name}</span>
          </p>
        )
      )}

      <div className="top-bar__spacer" />

      {clinic && (
        <p className={`live live--${stream}`} title={t.liveHelp} role="status">
          <span className="live__dot" aria-hidden="true" />
          {streamText}
        </p>
      )}
      <button
        type="button"
        className="icon-button sound-toggle"
        aria-label={t.alert.sound}
        aria-pressed={soundOn}
        title={soundOn ? t.alert.soundOn : t.alert.soundOff}
        onClick={() => onSound(!soundOn)}
      >
        <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
          <path d="M3 8h3l4-3.5v11L6 12H3z" fill="currentColor" />
          {soundOn ? (
            <path
              d="M13 7.5a3.5 3.5 0 0 1 0 5M15 5a7 7 0 0 1 0 10"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.6"
              strokeLinecap="round"
            />
          ) : (
            <path d="m13 8 4 4m0-4-4 4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          )}
        </svg>
      </button>
      <LanguageSwitch />
      <div className="user">
        <span className="user__name" title={me.email}>
          {me.full_name || me.email}
        </span>
        <button type="button" className="button button--small button--ghost" onClick={onSignOut}>
          {t.signOut}
        </button>
      </div>
    </header>
  );
}
