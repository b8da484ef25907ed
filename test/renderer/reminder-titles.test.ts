import { describe, expect, it } from 'vitest';
import { reminderTemplateSchema } from '../../src/shared/care/reminder-template';
import { resourcesFor } from '../../src/renderer/src/i18n';

const templateTypes = reminderTemplateSchema.options.map((option) => option.shape.type.value);

describe('scheduled reminder titles are worded in each language', () => {
  it.each(['en', 'zh-CN'] as const)(
    'every template type has a title in %s, with its parameters',
    (language) => {
      const titles = (resourcesFor(language).card as { reminderTitles: Record<string, string> })
        .reminderTitles;
      expect(Object.keys(titles).sort()).toEqual([...templateTypes].sort());
      expect(titles.large_purchase).toContain('{{amount}}');
    },
  );
});
