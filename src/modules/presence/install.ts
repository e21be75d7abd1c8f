import type { FastifyInstance } from 'fastify';
import { createPresenceStore, type PresenceOptions, type PresenceStore } from './store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Who has which call open, across server processes (see store.ts). */
    presence: PresenceStore;
  }
}

/**
 * `app.presence`. Presence is a courtesy: when its store cannot be reached (Redis down), recording a
 * viewer is logged and skipped rather than failing the dashboard's request every 20 s; the next
 * renewal tries again.
 *
 * A user whose access changes (signed out, disabled, removed from a clinic: the event hub's access
 * change, heard by every process) stops viewing everything at once; if they still may, their open
 * tab says so again at its next renewal.
 */
export function installPresence(app: FastifyInstance, options: PresenceOptions): void {
  const store = createPresenceStore(options);
  const bestEffort =
    <Args extends unknown[]>(what: string, operation: (...args: Args) => Promise<void>) =>
    async (...args: Args) => {
      try {
        await operation(...args);
      } catch (error) {
        app.log.warn({ err: error }, `presence: could not ${what}`);
      }
    };
  const presence: PresenceStore = {
    ...store,
    join: bestEffort('record a viewer', store.join),
    leave: bestEffort('record a closed call', store.leave),
    dropUser: bestEffort('drop a user', store.dropUser),
  };
  app.decorate('presence', presence);
  const stopListening = app.callLogEvents.onAccessChange((userId) => void presence.dropUser(userId));
  app.addHook('onClose', async () => {
    stopListening();
    await store.close();
  });
}
