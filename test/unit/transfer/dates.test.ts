import { describe, expect, it } from 'vitest';
import { parseFlexibleDate, parseFlexibleDateTime, parseMonthDay } from '../../../src/shared/dates';

describe('parseFlexibleDate', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2024.3.5', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024年03月05号', '2024-03-05'],
    ['2024 年 3 月 5 日', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['２０２４－０３－０５', '2024-03-05'],
    ['２０２４／３／５', '2024-03-05'],
    ['2024-03-05 00:00:00', '2024-03-05'],
    ['5 Mar 2024', '2024-03-05'],
    ['05-March-2024', '2024-03-05'],
    ['Mar 5, 2024', '2024-03-05'],
    ['March 5th 2024', '2024-03-05'],
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
  ])('reads %j as %s whatever the order', (raw, isoDate) => {
    for (const order of ['ymd', 'dmy', 'mdy'] as const) {
      expect(parseFlexibleDate(raw, { order })).toEqual({ ok: true, isoDate });
    }
  });

  it('reads year-last dates with the chosen order', () => {
    expect(parseFlexibleDate('05/03/2024', { order: 'dmy' })).toEqual({ ok: true, isoDate: '2024-03-05' });
    expect(parseFlexibleDate('05/03/2024', { order: 'mdy' })).toEqual({ ok: true, isoDate: '2024-05-03' });
    expect(parseFlexibleDate('5.3.2024', { order: 'dmy' })).toEqual({ ok: true, isoDate: '2024-03-05' });
    expect(parseFlexibleDate('3-25-2024', { order: 'mdy' })).toEqual({ ok: true, isoDate: '2024-03-25' });
  });

  it('refuses an ambiguous year-last date without an order, but not an unambiguous one', () => {
    expect(parseFlexibleDate('05/03/2024')).toEqual({ ok: false, reason: 'ambiguous_date' });
    expect(parseFlexibleDate('25/03/2024')).toEqual({ ok: true, isoDate: '2024-03-25' });
    expect(parseFlexibleDate('03/25/2024')).toEqual({ ok: true, isoDate: '2024-03-25' });
    expect(parseFlexibleDate('04/04/2024')).toEqual({ ok: true, isoDate: '2024-04-04' });
  });

  it('refuses a day-month order that gives an impossible date', () => {
    expect(parseFlexibleDate('25/03/2024', { order: 'mdy' })).toEqual({ ok: false, reason: 'invalid_date' });
  });

  it('reads Excel serial dates of the 1900 system', () => {
    // 45356 is what Excel stores for 2024-03-05; 25569 is 1970-01-01.
    expect(parseFlexibleDate('45356')).toEqual({ ok: true, isoDate: '2024-03-05' });
    expect(parseFlexibleDate('25569')).toEqual({ ok: true, isoDate: '1970-01-01' });
    expect(parseFlexibleDate('36526')).toEqual({ ok: true, isoDate: '2000-01-01' });
    expect(parseFlexibleDateTime('45356.6041666667')).toEqual({
      ok: true,
      isoDate: '2024-03-05',
      time: '14:30:00',
      offsetMinutes: null,
    });
  });

  it('does not read a bare year or short number as a serial date', () => {
    expect(parseFlexibleDate('1990')).toEqual({ ok: false, reason: 'unrecognised_format' });
    expect(parseFlexibleDate('60')).toEqual({ ok: false, reason: 'unrecognised_format' });
  });

  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['2024-02-30', 'invalid_date'],
    ['2023-02-29', 'invalid_date'],
    ['1900-02-29', 'invalid_date'],
    ['2024-13-01', 'invalid_date'],
    ['2024-00-10', 'invalid_date'],
    ['2024年2月30日', 'invalid_date'],
    ['20240230', 'invalid_date'],
    ['31 Feb 2024', 'invalid_date'],
    ['03/05/24', 'unrecognised_format'],
    ['next tuesday', 'unrecognised_format'],
    ['5 Foo 2024', 'unrecognised_format'],
    ['1700-01-01', 'year_out_of_range'],
    ['2024-03-05 25:00', 'invalid_time'],
    ['2024-03-05 12:61', 'invalid_time'],
  ])('rejects %j as %s', (raw, reason) => {
    expect(parseFlexibleDate(raw, { order: 'dmy' })).toEqual({ ok: false, reason });
  });
});

describe('parseFlexibleDateTime', () => {
  it('keeps the time and a written offset', () => {
    expect(parseFlexibleDateTime('2024-03-05 14:30')).toEqual({
      ok: true,
      isoDate: '2024-03-05',
      time: '14:30:00',
      offsetMinutes: null,
    });
    expect(parseFlexibleDateTime('2024-03-05T14:30:15.250Z')).toEqual({
      ok: true,
      isoDate: '2024-03-05',
      time: '14:30:15',
      offsetMinutes: 0,
    });
    expect(parseFlexibleDateTime('2024/3/5 9:05:00 +08:00')).toEqual({
      ok: true,
      isoDate: '2024-03-05',
      time: '09:05:00',
      offsetMinutes: 480,
    });
    expect(parseFlexibleDateTime('05/03/2024 08:00 -0330', { order: 'dmy' })).toEqual({
      ok: true,
      isoDate: '2024-03-05',
      time: '08:00:00',
      offsetMinutes: -210,
    });
    expect(parseFlexibleDateTime('2024-03-05')).toEqual({
      ok: true,
      isoDate: '2024-03-05',
      time: null,
      offsetMinutes: null,
    });
  });
});

describe('parseMonthDay', () => {
  it.each([
    ['3月5日', '--03-05'],
    ['12月31号', '--12-31'],
    ['--03-05', '--03-05'],
    ['--0305', '--03-05'],
    ['03-05', '--03-05'],
    ['2月29日', '--02-29'],
  ])('reads %j as %s', (raw, monthDay) => {
    expect(parseMonthDay(raw)).toEqual({ ok: true, monthDay });
  });

  it('reads day-first with order dmy, and rejects impossible days', () => {
    expect(parseMonthDay('5/3', { order: 'dmy' })).toEqual({ ok: true, monthDay: '--03-05' });
    expect(parseMonthDay('2月30日')).toEqual({ ok: false, reason: 'invalid_date' });
    expect(parseMonthDay('13/01')).toEqual({ ok: false, reason: 'invalid_date' });
    expect(parseMonthDay('spring')).toEqual({ ok: false, reason: 'unrecognised_format' });
  });
});
