import { useId, useState, type FormEvent } from 'react';
import { CALLBACK_LABELS, REASON_LABELS } from '../../api/labels.js';
import type { CallLogDetailView, CallLogUpdate } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';

type Draft = {
  caller_first_name: string;
  caller_last_name: string;
  reason_for_call: string;
  callback_preference: string;
  preferred_dentist: string;
  is_existing_patient: '' | 'true' | 'false';
};

const draftOf = (call: CallLogDetailView): Draft => ({
  caller_first_name: call.caller_first_name ?? '',
  caller_last_name: call.caller_last_name ?? '',
  reason_for_call: call.reason_for_call ?? '',
  callback_preference: call.callback_preference ?? '',
  preferred_dentist: call.preferred_dentist ?? '',
  is_existing_patient: call.is_existing_patient === null ? '' : call.is_existing_patient ? 'true' : 'false',
});

/** Only what changed is sent: the trail then names exactly the fields a person corrected. */
function changesOf(before: Draft, after: Draft): CallLogUpdate {
  const update: CallLogUpdate = {};
  const text = (value: string) => (value.trim() ? value.trim() : null);
  if (text(after.caller_first_name) !== text(before.caller_first_name)) update.caller_first_name = text(after.caller_first_name);
  if (text(after.caller_last_name) !== text(before.caller_last_name)) update.caller_last_name = text(after.caller_last_name);
  if (text(after.preferred_dentist) !== text(before.preferred_dentist)) update.preferred_dentist = text(after.preferred_dentist);
  if (after.reason_for_call !== before.reason_for_call)
    update.reason_for_call = (after.reason_for_call || null) as CallLogUpdate['reason_for_call'];
  if (after.callback_preference !== before.callback_preference)
    update.callback_preference = (after.callback_preference || null) as CallLogUpdate['callback_preference'];
  if (after.is_existing_patient !== before.is_existing_patient)
    update.is_existing_patient = after.is_existing_patient === '' ? null : after.is_existing_patient === 'true';
  return update;
}

interface Props {
  call: CallLogDetailView;
  onSave: (update: CallLogUpdate) => Promise<void>;
  onDone: () => void;
}

/** The voice agent's reading of the call, corrected by the front desk: names, reason, callback, dentist, patient. */
export function Corrections({ call, onSave, onDone }: Props) {
  const { t, describeError } = useT();
  const [initial] = useState(() => draftOf(call));
  const [draft, setDraft] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  const set = (field: keyof Draft) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const update = changesOf(initial, draft);
    if (Object.keys(update).length === 0) return onDone();
    setSaving(true);
    setError(null);
    try {
      await onSave(update);
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="corrections" aria-label={t.correctDetails} onSubmit={(event) => void submit(event)}>
      <div className="corrections__grid">
        <label htmlFor={`${id}-first`}>{t.firstName}</label>
        <input id={`${id}-first`} type="text" maxLength={255} value={draft.caller_first_name} onChange={set('caller_first_name')} />
        <label htmlFor={`${id}-last`}>{t.lastName}</label>
        <input id={`${id}-last`} type="text" maxLength={255} value={draft.caller_last_name} onChange={set('caller_last_name')} />
        <label htmlFor={`${id}-reason`}>{t.reasonForCall}</label>
        <select id={`${id}-reason`} value={draft.reason_for_call} onChange={set('reason_for_call')}>
          <option value="">{t.notGiven}</option>
          {REASON_LABELS.map((reason) => (
            <option key={reason} value={reason}>
              {t.reason[reason]}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-callback`}>{t.callbackPreference}</label>
        <select id={`${id}-callback`} value={draft.callback_preference} onChange={set('callback_preference')}>
          <option value="">{t.notGiven}</option>
          {CALLBACK_LABELS.map((when) => (
            <option key={when} value={when}>
              {t.callback[when]}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-dentist`}>{t.preferredDentist}</label>
        <input id={`${id}-dentist`} type="text" maxLength={255} value={draft.preferred_dentist} onChange={set('preferred_dentist')} />
        <label htmlFor={`${id}-patient`}>{t.patient}</label>
        <select id={`${id}-patient`} value={draft.is_existing_patient} onChange={set('is_existing_patient')}>
          <option value="">{t.notGiven}</option>
          <option value="true">{t.existingPatient}</option>
          <option value="false">{t.newPatient}</option>
        </select>
      </div>
      {error != null && (
        <p className="form-error" role="alert">
          {t.saveFailed(describeError(error))}
        </p>
      )}
      <div className="editable__actions">
        <button type="submit" className="button button--primary button--small" disabled={saving}>
          {saving ? t.saving : t.save}
        </button>
        <button type="button" className="button button--small" disabled={saving} onClick={onDone}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
