import { useEffect, useRef, useState } from 'react';
import { session } from './api/client.js';
import { signOut } from './api/endpoints.js';
import { Dashboard } from './features/shell/dashboard.js';
import { SignInPage, type SignInReason } from './features/sign-in/sign-in-page.js';
import { I18nProvider } from './i18n/i18n.js';

export function App() {
  return (
    <I18nProvider>
      <AuthGate />
    </I18nProvider>
  );
}

/**
 * Shows the sign-in form until there is a session. The address stays as it is while signing in,
 * so an expired session comes back to the same clinic, filters, page and call.
 */
function AuthGate() {
  const [signedIn, setSignedIn] = useState(() => session.token !== null);
  const [reason, setReason] = useState<SignInReason>(null);
  // Signing out revokes the token, so a request still in flight (the live stream's session check)
  // may come back refused: that is the sign-out itself, not a session that ended on its own.
  const signingOut = useRef(false);

  useEffect(
    () =>
      session.onExpired((errorKey) => {
        if (signingOut.current) return;
        setReason(errorKey === 'ACCOUNT_DISABLED' ? 'disabled' : errorKey === 'SESSION_REVOKED' ? 'revoked' : 'expired');
        setSignedIn(false);
      }),
    [],
  );

  if (!signedIn) {
    return (
      <SignInPage
        reason={reason}
        onSignedIn={() => {
          signingOut.current = false;
          setReason(null);
          setSignedIn(true);
        }}
      />
    );
  }
  return (
    <Dashboard
      onSignOut={() => {
        signingOut.current = true;
        const signedOut = () => {
          session.end();
          // A shared front-desk computer: the next person starts from a clean address.
          window.history.replaceState(null, '', window.location.pathname);
          setReason('signed-out');
          setSignedIn(false);
        };
        // The server ends the session first (a copied token must stop working); offline, the tab still signs out.
        void signOut().then(signedOut, signedOut);
      }}
    />
  );
}
