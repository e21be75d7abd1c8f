import type { FastifyInstance } from 'fastify';

/** Work a request asks for but does not wait for (replaying deliveries after a route is added). */
export interface BackgroundTask {
  /** Asks for a run; returns at once. */
  trigger(): void;
  /** No more runs; resolves when the current one (if any) has finished. */
  close(): Promise<void>;
}

/**
 * Runs `work` in the background, one run at a time per task. A trigger during a run asks for one
 * more run after it, and any number of such triggers share that one run: every trigger is followed
 * by a run that started after it, and a burst of triggers costs two runs, not one each. A failed
 * run goes to `onError` and never rejects anywhere, so it cannot crash the process.
 */
export function createBackgroundTask(work: () => Promise<void>, onError: (error: unknown) => void): BackgroundTask {
  let running: Promise<void> | undefined;
  let requested = false;
  let closed = false;

  const runWhileRequested = async () => {
    while (requested && !closed) {
      requested = false;
      try {
        await work();
      } catch (error) {
        try {
          onError(error);
        } catch {
          // A logger that throws must not turn a failed run into an unhandled rejection.
        }
      }
    }
    running = undefined;
  };

  return {
    trigger() {
      if (closed) return;
      requested = true;
      running ??= runWhileRequested();
    },
    async close() {
      closed = true;
      await running;
    },
  };
}

/**
 * Runs `work` once the app is ready and then every `intervalMs` (the webhook retries, the spool
 * drainer, the retention purge, the Vapi reconciler), never two runs at once in this process: a tick
 * that finds a run in progress is skipped. Closing the app stops the ticks and waits for the run in
 * progress. A failed run goes to `onError`, and the next tick tries again.
 */
export function runPeriodically(
  app: FastifyInstance,
  intervalMs: number,
  work: () => Promise<void>,
  onError: (error: unknown) => void,
): void {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= work()
      .catch((error: unknown) => {
        try {
          onError(error);
        } catch {
          // A logger that throws must not turn a failed run into an unhandled rejection.
        }
      })
      .finally(() => (running = undefined));
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    tick();
    timer = setInterval(tick, intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
