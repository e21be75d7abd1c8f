import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Messages } from '../i18n/en.js';
import { useT } from '../i18n/i18n.js';

export interface Toast {
  id: number;
  /** `alert` interrupts screen readers and stays until dismissed (emergencies); `info` fades away. */
  kind: 'alert' | 'info';
  /** Rendered with the current language, so a switch of language also translates the toasts on screen. */
  text(t: Messages): string;
  action?: { label(t: Messages): string; run(): void };
}

interface Toasts {
  show(toast: Omit<Toast, 'id'>): void;
}

const ToastContext = createContext<Toasts | null>(null);
const INFO_TIMEOUT_MS = 6_000;

export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useT();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((toast) => toast.id !== id)), []);
  const show = useCallback(
    (toast: Omit<Toast, 'id'>) => {
      const id = nextId.current++;
      setToasts((all) => [...all.slice(-4), { ...toast, id }]);
      if (toast.kind === 'info') setTimeout(() => dismiss(id), INFO_TIMEOUT_MS);
    },
    [dismiss],
  );
  const value = useMemo(() => ({ show }), [show]);

  return (
    <ToastContext.Provider value={value}>
      {children}
      <section className="toasts" aria-label={t.notifications}>
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast--${toast.kind}`} role={toast.kind === 'alert' ? 'alert' : 'status'}>
            {toast.kind === 'alert' && (
              <span className="toast__icon" aria-hidden="true">
                !
              </span>
            )}
            <p className="toast__text">{toast.text(t)}</p>
            {toast.action && (
              <button
                type="button"
                className="button button--small"
                onClick={() => {
                  toast.action?.run();
                  dismiss(toast.id);
                }}
              >
                {toast.action.label(t)}
              </button>
            )}
            <button type="button" className="icon-button" aria-label={t.dismiss} onClick={() => dismiss(toast.id)}>
              ×
            </button>
          </div>
        ))}
      </section>
    </ToastContext.Provider>
  );
}

export function useToasts(): Toasts {
  const value = useContext(ToastContext);
  if (!value) throw new Error('useToasts() outside <ToastProvider>');
  return value;
}
