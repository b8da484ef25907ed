/** Reading an import file into a table: no database, so the import's helper thread can do it too. */
import { readCsv, readXlsx, type ParsedTable } from './formats';

export interface ReadImportFileResult {
  table: ParsedTable;
  /** Text encoding of a CSV (null for XLSX). */
  encoding: string | null;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** XLSX when the name says so or the bytes are a zip; everything else is read as CSV text. */
export async function readImportFile(bytes: Uint8Array, fileName: string): Promise<ReadImportFileResult> {
  const looksZip = ZIP_MAGIC.every((byte, index) => bytes[index] === byte);
  if (looksZip || /\.xlsx$/i.test(fileName)) return { table: await readXlsx(bytes), encoding: null };
  const csv = readCsv(bytes);
  return { table: csv, encoding: csv.encoding };
}
