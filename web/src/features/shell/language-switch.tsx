import { LANGUAGES, useT, type Language } from '../../i18n/i18n.js';

/** EN | FR, remembered in localStorage by the i18n provider. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useT();
  return (
    <div className="segmented" role="group" aria-label={t.language}>
      {(Object.keys(LANGUAGES) as Language[]).map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          className="segmented__item"
          aria-pressed={lang === code}
          title={LANGUAGES[code].name}
          onClick={() => setLang(code)}
        >
          {code.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
