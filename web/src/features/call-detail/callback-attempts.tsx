import { forwardRef, useId, useState } from 'react';
import { ATTEMPT_RESULTS } from '../../api/labels.js';
import type { AttemptResult } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';

interface Props {
  /** Logs the attempt; rejects with the API's error. */
  onLog: (attempt: { result: AttemptResult; note?: string }) => Promise<void>;
}

/** One click per attempt: the result is the button; a note can go with it. */
export const CallbackAttempts = forwardRef<HTMLTextAreaElement, Props>(function CallbackAttempts({ onLog }, noteRef) {
  const { t, describeError } = useT();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const noteId = useId();

  const log = async (result: AttemptResult) => {
    setBusy(true);
    setError(null);
    try {
      await onLog(note.trim() ? { result, note: note.trim() } : { result });
      setNote('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="detail__section" aria-labelledby="attempts-heading">
      <h3 id="attempts-heading" className="detail__label">
        {t.attemptsHeading}
      </h3>
      <div className="attempt-form">
        <label htmlFor={noteId} className="attempt-form__label">
          {t.attemptNote}
        </label>
        <textarea
          id={noteId}
          ref={noteRef}
          rows={2}
          maxLength={4000}
          value={note}
          disabled={busy}
          onChange={(event) => setNote(event.target.value)}
        />
        <div className="attempt-form__results" role="group" aria-label={t.logAttempt}>
          {ATTEMPT_RESULTS.map((result) => (
            <button key={result} type="button" className="button button--small" disabled={busy} onClick={() => void log(result)}>
              {t.attemptResult[result]}
            </button>
          ))}
        </div>
        {error != null && (
          <p className="form-error" role="alert">
            {t.saveFailed(describeError(error))}
          </p>
        )}
      </div>
    </section>
  );
});
