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
