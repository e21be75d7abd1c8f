import { useEffect } from 'react';
import { announcePresence, withdrawPresence } from '../../api/endpoints.js';

/** The server forgets a viewer after 45 s without news; every 20 s keeps one missed beat harmless. */
const ANNOUNCE_EVERY_MS = 20_000;

/**
 * Tells colleagues "I have this call open" while the panel shows it: announced at once and every
 * 20 s, withdrawn when the panel closes or moves to another call, and when the tab is closed
 * (a request sent with keepalive, so it leaves even as the page unloads).
 */
export function usePresence(callId: number): void {
  useEffect(() => {
    const announce = () => void announcePresence(callId).catch(() => undefined);
    const withdraw = () => void withdrawPresence(callId).catch(() => undefined);
    announce();
    const timer = setInterval(announce, ANNOUNCE_EVERY_MS);
    window.addEventListener('pagehide', withdraw);
    // Back from the browser's page cache (the back button): still here.
    window.addEventListener('pageshow', announce);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', withdraw);
      window.removeEventListener('pageshow', announce);
      withdraw();
    };
  }, [callId]);
}
