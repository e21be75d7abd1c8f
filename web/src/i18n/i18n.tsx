import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ApiError } from '../api/client.js';
import { en, type Messages } from './en.js';
import { fr } from './fr.js';

export type Language = 'en' | 'fr';
export const LANGUAGES: Record<Language, { messages: Messages; locale: string; name: string }> = {
  // Canadian locales: the clinics are in Ontario and Québec (dates like "3 nov." and "09 h 30" in French).
  en: { messages: en, locale: 'en-CA', name: 'English' },
  fr: { messages: fr, locale: 'fr-CA', name: 'Français' },
};

const STORAGE_KEY = 'zenicall.language';

function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'fr') return saved;
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

interface I18n {
  lang: Language;
  locale: string;
  t: Messages;
  setLang: (lang: Language) => void;
  /** A sentence for people from any error the API layer throws: never a stack trace. */
  describeError: (error: unknown) => string;
  formatNumber: (value: number, options?: Intl.NumberFormatOptions) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(initialLanguage);
  const setLang = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const value = useMemo<I18n>(() => {
    const { messages: t, locale } = LANGUAGES[lang];
    return {
      lang,
      locale,
      t,
      setLang,
      describeError: (error) => describeErrorIn(t, error),
      formatNumber: (n, options) => new Intl.NumberFormat(locale, options).format(n),
    };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT() outside <I18nProvider>');
  return value;
}

/** `describeError` in a given language (for a message kept as a function of the language). */
export function describeErrorIn(t: Messages, error: unknown): string {
  const apiError = error as Partial<ApiError> | undefined;
  switch (apiError?.errorKey) {
    case 'NETWORK_ERROR':
      return t.errorNetwork;
    case 'SERVER_ERROR':
    case 'INTERNAL_ERROR':
      return t.errorServer;
    case 'CALL_LOG_NOT_FOUND':
    case 'CLINIC_NOT_FOUND':
      return t.callNotFound;
    case 'INVALID_CREDENTIALS':
      return t.badCredentials;
    case 'NOT_AUTHENTICATED':
      return t.sessionExpired;
    case 'TOO_MANY_SIGN_IN_ATTEMPTS':
      return t.errorTooManyAttempts;
    case 'DATABASE_UNAVAILABLE':
      return t.errorDatabase;
    case 'FORBIDDEN':
      return t.errorForbidden;
    case 'TOO_MANY_STREAMS':
      return t.errorTooManyStreams;
    case 'VALIDATION_ERROR': {
      // The server's sentences are English: name the fields, in the page's language where it can.
      const fields = (apiError.fieldErrors ?? []).map((e) => String(e.loc.at(-1) ?? '')).filter(Boolean);
      return fields.length ? `${t.errorValidation} ${t.errorFields([...new Set(fields)].join(', '))}` : t.errorValidation;
    }
    default:
      // Any other refusal: a sentence in the page's language (the server's own detail is English).
      return (apiError?.status ?? 0) >= 500 ? t.errorServer : t.errorGeneric;
  }
}
