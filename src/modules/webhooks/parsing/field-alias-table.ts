/**
 * The key spellings an assistant's structured data uses for each field we read, in English and
 * French. Data only (no imports): the dashboard reads the same table to find what a caller said.
 */

/** Key aliases per field, in priority order, written as the LLM tends to. */
export const FIELD_ALIASES = {
  firstName: ['firstName', 'first_name', 'callerFirstName', 'patientFirstName', 'givenName', 'prenom'],
  lastName: ['lastName', 'last_name', 'surname', 'familyName', 'callerLastName', 'patientLastName', 'nomDeFamille'],
  fullName: ['fullName', 'name', 'callerName', 'patientName', 'nomComplet'],
  existingPatient: ['isExistingPatient', 'existingPatient', 'isReturningPatient', 'returningPatient', 'patientExistant'],
  newPatient: ['isNewPatient', 'newPatient', 'nouveauPatient'],
  reason: ['reasonForCall', 'reason', 'callReason', 'intent', 'raisonAppel', 'motif'],
  callback: ['callbackPreference', 'preferredCallbackTime', 'callbackTime', 'bestTimeToCall', 'callbackWindow', 'rappel'],
  dentist: ['preferredDentist', 'dentist', 'preferredDoctor', 'doctor', 'dentistePrefere'],
  detailedReason: ['detailedReason', 'reasonDetails', 'details', 'notes', 'description'],
  phone: ['callbackNumber', 'callbackPhone', 'phoneNumber', 'phone', 'callerPhoneNumber', 'contactNumber'],
} as const;
