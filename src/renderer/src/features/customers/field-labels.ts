/**
 * History keys that are not a form field's own name: the importer records the column it wrote
 * (`member_no`, `phone_digits`), consent changes their own name. Each points at a label that
 * already exists, so there is still one copy of every field's name per language.
 */
const FIELD_LABEL_ALIASES: Readonly<Record<string, string>> = {
  phone_digits: 'customers.field.phone',
  marketing_consent: 'card.consent',
  consent: 'card.consent',
};

function camelCase(field: string): string {
  return field.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/**
 * The i18n keys that may hold the label of a recorded field name, best first: an alias, the
 * name as recorded (`merge_undone`), then its camelCase form (`member_no` → `memberNo`).
 */
export function fieldLabelKeys(field: string): string[] {
  const alias = FIELD_LABEL_ALIASES[field];
  return [...(alias ? [alias] : []), `customers.field.${field}`, `customers.field.${camelCase(field)}`];
}
