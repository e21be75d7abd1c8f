import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../../i18n/i18n.js';

interface Props {
  label: string;
  editLabel: string;
  value: string | null;
  emptyText: string;
  onSave: (value: string | null) => Promise<void>;
}

/** A text shown as a paragraph, edited in place: Edit → textarea → Save (Ctrl+Enter) or Cancel (Esc). */
export function EditableText({ label, editLabel, value, emptyText, onSave }: Props) {
  const { t, describeError } = useT();
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  /** Kept as the error itself, so its words follow the page's language. */
  const [error, setError] = useState<unknown>(null);
  const [justSaved, setJustSaved] = useState(false);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const hintId = useId();
  const editing = draft !== null;

  useEffect(() => {
    if (editing) textareaRef.current?.focus();
  }, [editing]);

  useEffect(() => {
    if (!justSaved) return;
    const timer = setTimeout(() => setJustSaved(false), 2500);
    return () => clearTimeout(timer);
  }, [justSaved]);

  const stopEditing = () => {
    setDraft(null);
    setError(null);
    // Back to the button once it is rendered again.
    requestAnimationFrame(() => editButtonRef.current?.focus());
  };

  async function save() {
    if (draft === null) return;
    const next = draft.trim() ? draft.trim() : null;
    if (next === (value ?? null)) return stopEditing();
    setSaving(true);
    setError(null);
    try {
      await onSave(next);
      setJustSaved(true);
      stopEditing();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      stopEditing();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    }
  };

  if (!editing) {
    return (
      <div className="editable">
        <p className={value ? 'editable__text' : 'editable__text muted'}>{value || emptyText}</p>
        <div className="editable__actions">
          <button
            ref={editButtonRef}
            type="button"
            className="button button--small"
            aria-label={editLabel}
            onClick={() => setDraft(value ?? '')}
          >
            <svg viewBox="0 0 16 16" aria-hidden="true" className="button__icon">
              <path d="M11.3 1.8a1.5 1.5 0 0 1 2.1 0l.8.8a1.5 1.5 0 0 1 0 2.1L5.5 13.4 2 14l.6-3.5 8.7-8.7Z" fill="currentColor" />
            </svg>
            {t.edit}
          </button>
          {justSaved && (
            <span className="saved" role="status">
              ✓ {t.saved}
            </span>
          )}
        </div>
      </div>
    );
  }

  return (
    <div className="editable editable--editing">
      <textarea
        ref={textareaRef}
        aria-label={label}
        aria-describedby={hintId}
        value={draft}
        rows={5}
        maxLength={20000}
        disabled={saving}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <p id={hintId} className="hint">
        {t.editHint}
      </p>
      {error != null && (
        <p className="form-error" role="alert">
          {t.saveFailed(describeError(error))}
        </p>
      )}
      <div className="editable__actions">
        <button type="button" className="button button--primary button--small" onClick={() => void save()} disabled={saving}>
          {saving ? t.saving : t.save}
        </button>
        <button type="button" className="button button--small" onClick={stopEditing} disabled={saving}>
          {t.cancel}
        </button>
      </div>
    </div>
  );
}
