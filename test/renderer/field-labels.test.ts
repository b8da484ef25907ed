import { describe, expect, it } from 'vitest';
import { editableFields } from '../../src/shared/contract/customers';
import { fieldLabelKeys } from '../../src/renderer/src/features/customers/field-labels';
import { resourcesFor } from '../../src/renderer/src/i18n';
import type { MessageTree } from '../../src/renderer/src/i18n/types';

function lookup(tree: MessageTree, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>(
      (node, part) =>
        node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined,
      tree,
    );
}

/** What the hook shows: the first candidate key that has a message. */
function label(tree: MessageTree, field: string): unknown {
  const key = fieldLabelKeys(field).find((candidate) => typeof lookup(tree, candidate) === 'string');
  return key ? lookup(tree, key) : undefined;
}

/** Names the history records: the form's fields, the importer's columns, the system's own entries. */
const RECORDED = [
  ...editableFields,
  'member_no',
  'company_name',
  'company_size',
  'contact_person',
  'contact_title',
  'phone_digits',
  'marketing_consent',
  'created',
  'merged',
  'merge_undone',
];

describe('timeline and history name a changed field by its form label', () => {
  it.each(['en', 'zh-CN'] as const)('every recorded field has a label in %s', (language) => {
    const resources = resourcesFor(language);
    const missing = RECORDED.filter((field) => typeof label(resources, field) !== 'string');
    expect(missing).toEqual([]);
  });

  it('reads the same label for both spellings of a field', () => {
    const zh = resourcesFor('zh-CN');
    expect(label(zh, 'birthday')).toBe('生日');
    expect(label(zh, 'member_no')).toBe(label(zh, 'memberNo'));
    expect(label(resourcesFor('en'), 'marketing_consent')).toBe('Marketing consent');
  });
});
