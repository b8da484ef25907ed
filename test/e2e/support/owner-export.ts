import { readFile } from 'node:fs/promises';
import { expect, type Download, type Page } from '@playwright/test';
import Papa from 'papaparse';

/** The owner-PIN setup dialog's words, per screen language. */
const SETUP = {
  en: { title: 'Choose the owner PIN', secret: 'Owner PIN or password', again: 'Type it again' },
  'zh-CN': { title: '设置店主密码', secret: '店主 PIN 或密码', again: '再输入一次' },
} as const;

/**
 * After an export was asked for on a shop without an owner PIN: the owner chooses one in the dialog
 * that opens, the export then runs as the owner, and its download is returned.
 */
export async function choosePinThenDownload(
  page: Page,
  language: keyof typeof SETUP,
  pin: string,
): Promise<Download> {
  const words = SETUP[language];
  const setup = page.getByRole('dialog', { name: words.title });
  await expect(setup).toBeVisible();
  await setup.getByLabel(words.secret).fill(pin);
  const downloading = page.waitForEvent('download');
  await setup.getByLabel(words.again).fill(pin);
  await setup.getByLabel(words.again).press('Enter');
  return downloading;
}

/** A downloaded CSV: its bytes, and its rows keyed by the header line (BOM removed). */
export async function readCsvDownload(
  download: Download,
): Promise<{ bytes: Buffer; rows: Record<string, string>[] }> {
  const bytes = await readFile(await download.path());
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  return {
    bytes,
    rows: Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data,
  };
}
