/**
 * Phone numbers as people read them. Stored numbers are E.164 (+15145550163); North American
 * numbers become "+1 514-555-0163", French ones "+33 1 23 45 67 89", anything else is grouped by
 * country code only. Whatever is not E.164 is shown as it came.
 */
export function formatPhone(raw: string): string {
  const value = raw.trim();
  const digits = value.replace(/\D/g, '');
  if (!/^\+?[\d\s().-]+$/.test(value) || digits.length < 7) return value;

  if (digits.length === 11 && digits.startsWith('1')) {
    return `+1 ${digits.slice(1, 4)}-${digits.slice(4, 7)}-${digits.slice(7)}`;
  }
  if (digits.length === 10 && !value.startsWith('+')) {
    return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
  }
  if (digits.length === 11 && digits.startsWith('33')) {
    return `+33 ${digits[2]} ${digits.slice(3).replace(/(\d{2})(?=\d)/g, '$1 ')}`;
  }
  if (value.startsWith('+')) {
    // Without a numbering plan table, split off a 2-digit country code and group the rest.
    return `+${digits.slice(0, 2)} ${digits.slice(2).replace(/(\d{3})(?=\d{4})/g, '$1 ')}`;
  }
  return value;
}

/** For `tel:` links: the digits and the leading plus only. */
export const telHref = (raw: string) => `tel:${raw.replace(/[^\d+]/g, '')}`;
