import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyDayjsLocale,
  dateTimeFormatFor,
  datesSettingsFor,
} from '../../src/renderer/src/app/dates-locale';

afterEach(() => applyDayjsLocale('en'));

describe('date pickers follow the app language, not the browser', () => {
  it('Chinese: Monday first, Chinese month and weekday names', () => {
    expect(datesSettingsFor('zh-CN')).toMatchObject({ locale: 'zh-cn', firstDayOfWeek: 1 });
    applyDayjsLocale('zh-CN');
    expect(dayjs('2026-03-02T10:00:00').format('MMMM dddd')).toBe('三月 星期一');
    expect(dayjs('2026-03-02T09:05:00').format(dateTimeFormatFor('zh-CN'))).toBe('2026年3月2日 09:05');
  });

  it('English: Sunday first, English names', () => {
    expect(datesSettingsFor('en')).toMatchObject({ locale: 'en', firstDayOfWeek: 0 });
    applyDayjsLocale('zh-CN');
    applyDayjsLocale('en');
    expect(dayjs('2026-03-02T10:00:00').format('MMMM dddd')).toBe('March Monday');
    expect(dayjs('2026-03-02T09:05:00').format(dateTimeFormatFor('en'))).toBe('2 Mar 2026, 09:05');
  });

  it('maps any tag i18next may report onto a shipped language', () => {
    expect(datesSettingsFor('zh')).toMatchObject({ firstDayOfWeek: 1 });
    expect(datesSettingsFor('en-GB')).toMatchObject({ firstDayOfWeek: 0 });
  });
});
