import { forwardRef, useEffect, useId, useState, type KeyboardEvent } from 'react';
import { isAbort } from '../../api/client.js';
import { addNote, fetchNotes } from '../../api/endpoints.js';
import type { Note } from '../../api/types.js';
import { formatCallTime, formatFullDateTime } from '../../format/datetime.js';
import { useT } from '../../i18n/i18n.js';

interface Props {
  callId: number;
  /** Changes when the call changed elsewhere: the notes are read again. */
  version: number;
  onAdded: () => void;
}

/** Internal notes, oldest first like a conversation; append-only (a correction is a new note). */
export const Notes = forwardRef<HTMLTextAreaElement, Props>(function Notes({ callId, version, onAdded }, textareaRef) {
  const { t, locale, describeError } = useT();
  const [notes, setNotes] = useState<Note[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [draft, setDraft] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const inputId = useId();

  useEffect(() => {
    const controller = new AbortController();
    fetchNotes(callId, controller.signal).then(
      (page) => {
        setNotes(page.items);
        setLoadError(null);
      },
      (caught: unknown) => {
        if (!isAbort(caught)) setLoadError(caught);
      },
    );
    return () => controller.abort();
  }, [callId, version]);

  const submit = async () => {
    const body = draft.trim();
    if (!body) return;
    setSaving(true);
    setSaveError(null);
    try {
      const note = await addNote(callId, body);
      setNotes((all) => [...(all ?? []).filter((n) => n.id !== note.id), note]);
      setDraft('');
      onAdded();
    } catch (caught) {
      setSaveError(caught);
    } finally {
      setSaving(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <section className="detail__section" aria-labelledby="notes-heading">
      <h3 id="notes-heading" className="detail__label">
        {t.notesHeading}
      </h3>
      {loadError != null && !notes && (
        <p className="form-error" role="alert">
          {t.notesLoadFailed} {describeError(loadError)}
        </p>
      )}
      {notes && notes.length === 0 && <p className="muted">{t.noNotes}</p>}
      {notes && notes.length > 0 && (
        <ol className="notes" aria-label={t.notesHeading}>
          {notes.map((note) => (
            <li key={note.id} className="note">
              <p className="note__body">{note.body}</p>
              <p className="note__meta">
                {note.author.name} ·{' '}
                <time dateTime={note.created_at} title={formatFullDateTime(note.created_at, locale)}>
                  {formatCallTime(note.created_at, locale, t)}
                </time>
              </p>
            </li>
          ))}
        </ol>
      )}
      <div className="note-form">
        <label htmlFor={inputId} className="visually-hidden">
          {t.newNote}
        </label>
        <textarea
          id={inputId}
          ref={textareaRef}
          rows={2}
          maxLength={4000}
          placeholder={t.notePlaceholder}
          value={draft}
          disabled={saving}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
        />
        {saveError != null && (
          <p className="form-error" role="alert">
            {t.saveFailed(describeError(saveError))}
          </p>
        )}
        <button type="button" className="button button--small" disabled={saving || !draft.trim()} onClick={() => void submit()}>
          {saving ? t.saving : t.addNote}
        </button>
      </div>
    </section>
  );
});
