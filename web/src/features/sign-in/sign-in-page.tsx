import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, session } from '../../api/client.js';
import { signIn } from '../../api/endpoints.js';
import type { Messages } from '../../i18n/en.js';
import { describeErrorIn, useT } from '../../i18n/i18n.js';
import { LanguageSwitch } from '../shell/language-switch.js';

export type SignInReason = 'expired' | 'revoked' | 'disabled' | 'signed-out' | null;

const NOTICES = { expired: 'sessionExpired', revoked: 'sessionRevoked', disabled: 'accountDisabled', 'signed-out': 'signedOut' } as const;

/** The e-mail and password form. On success the session starts and the page shows what the URL asked for. */
export function SignInPage({ reason, onSignedIn }: { reason: SignInReason; onSignedIn: () => void }) {
  const { t } = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  // The message is worked out at render time, so a switch of language also translates it.
  const [error, setError] = useState<((t: Messages) => string) | null>(null);
  const errorId = useId();
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = `${t.signInTitle} · ${t.appName}`;
  }, [t]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError(() => (m: Messages) => m.fillBoth);
      return;
    }
    setPending(true);
    setError(null);
    try {
      const token = await signIn({ email: email.trim(), password });
      session.start(token.access_token);
      onSignedIn();
    } catch (caught) {
      setPending(false);
      const refused = caught instanceof ApiError && caught.status === 401;
      const key = refused ? (caught.errorKey === 'ACCOUNT_DISABLED' ? 'accountDisabled' : 'badCredentials') : null;
      setError(() => (m: Messages) => (key ? m[key] : describeErrorIn(m, caught)));
      setPassword('');
      passwordRef.current?.focus();
    }
  }

  const notice = reason ? t[NOTICES[reason]] : null;

  return (
    <div className="sign-in">
      <div className="sign-in__lang">
        <LanguageSwitch />
      </div>
      <main className="sign-in__card">
        <div className="brand brand--large">
          <Logo />
          <span>{t.appName}</span>
        </div>
        <h1 className="sign-in__title">{t.signInTitle}</h1>
        <p className="sign-in__intro">{t.signInIntro}</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={(event) => void submit(event)} noValidate aria-describedby={error ? errorId : undefined}>
          <label className="field">
            <span className="field__label">{t.email}</span>
            <input
              type="email"
              name="email"
              autoComplete="username"
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={error ? true : undefined}
            />
          </label>
          <label className="field">
            <span className="field__label">{t.password}</span>
            <input
              ref={passwordRef}
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={error ? true : undefined}
            />
          </label>
          {error && (
            <p id={errorId} className="form-error" role="alert">
              {error(t)}
            </p>
          )}
          <button type="submit" className="button button--primary button--block" disabled={pending}>
            {pending ? t.signingIn : t.signIn}
          </button>
        </form>
      </main>
    </div>
  );
}

export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <path
        d="M11 9.5c.6-.6 1.6-.6 2.2 0l2 2.2c.5.6.5 1.4 0 2l-1.1 1.1a9 9 0 0 0 3.1 3.1l1.1-1.1c.6-.5 1.4-.5 2 0l2.2 2c.6.6.6 1.6 0 2.2l-1.2 1.2c-1 1-2.6 1.3-3.9.6a17 17 0 0 1-7.9-7.9c-.7-1.3-.4-2.9.6-3.9z"
        fill="#fff"
      />
    </svg>
  );
}
