import { useEffect, useRef } from 'react';
import { useT } from '../../i18n/i18n.js';

/** The list of keyboard shortcuts, as a modal dialog (focus stays in it; Esc or the button closes it). */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const { t } = useT();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="shortcuts"
      aria-labelledby="shortcuts-heading"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => {
        // Esc closes this list only, not the call behind it.
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <h2 id="shortcuts-heading" className="shortcuts__heading">
        {t.shortcutsHeading}
      </h2>
      <dl className="shortcuts__list">
        {t.shortcutList.map(([key, action]) => (
          <div key={key} className="shortcuts__item">
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="button button--small" onClick={onClose}>
        {t.close}
      </button>
    </dialog>
  );
}
