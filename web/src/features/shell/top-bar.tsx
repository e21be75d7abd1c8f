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
  onClinic: (id: number) => void;
  onSignOut: () => void;
}

export function TopBar({ me, clinic, stream, onClinic, onSignOut }: Props) {
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
