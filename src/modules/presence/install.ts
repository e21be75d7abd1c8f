import type { FastifyInstance } from 'fastify';
import { createPresenceStore, type PresenceOptions, type PresenceStore } from './store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Who has which call open, across server processes (see store.ts). */
    presence: PresenceStore;
  }
}

/**
 * `app.presence`. A user whose access changes (signed out, disabled, removed from a clinic: the event
 * hub's access change, heard by every process) stops viewing everything at once; if they still may,
 * their open tab says so again at its next renewal.
 */
export function installPresence(app: FastifyInstance, options: PresenceOptions): void {
  const presence = createPresenceStore(options);
  app.decorate('presence', presence);
  const stopListening = app.callLogEvents.onAccessChange((userId) => {
    presence.dropUser(userId).catch((error: unknown) => app.log.warn({ err: error }, 'presence: could not drop a user'));
  });
  app.addHook('onClose', async () => {
    stopListening();
    await presence.close();
  });
}
