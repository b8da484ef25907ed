/**
 * Checks an XLSX (a zip) before exceljs opens it. exceljs inflates every entry into memory and
 * builds one object per cell, so a small hostile or broken file (a "zip bomb", or a sheet of
 * millions of empty cells) could take the whole app down. Here every entry is really inflated
 * as a stream — declared sizes in the zip directory can lie — and reading stops as soon as the
 * total uncompressed size or the number of cells in the worksheets passes its limit.
 */
import { createInflateRaw } from 'node:zlib';
import { FileFormatError } from './table';

export interface ZipLimits {
  maxUncompressedBytes: number;
  maxEntries: number;
  /** Total `<c>` elements over all worksheets. */
  maxCells: number;
}

export interface ZipInspection {
  entries: number;
  uncompressedBytes: number;
  worksheetCells: number;
}

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const ZIP64_MARKER = 0xffffffff;
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function findEndOfCentralDirectory(buffer: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const lowest = Math.max(0, buffer.length - 22 - 0xffff);
  for (let offset = buffer.length - 22; offset >= lowest; offset--) {
    if (buffer.readUInt32LE(offset) === EOCD_SIGNATURE) return offset;
  }
  return -1;
}

function readCentralDirectory(buffer: Buffer, maxEntries: number): CentralEntry[] {
  if (buffer.length >= 8 && OLE_SIGNATURE.every((byte, index) => buffer[index] === byte)) {
    // Legacy .xls, or an .xlsx protected with a password (also an OLE container).
    throw new FileFormatError('not_xlsx', { detected: 'ole' });
  }
  if (buffer.length < 22) throw new FileFormatError('not_xlsx', { detected: 'too_short' });
  const eocd = findEndOfCentralDirectory(buffer);
  if (eocd < 0) throw new FileFormatError('not_xlsx', { detected: 'no_zip_directory' });
  const entryCount = buffer.readUInt16LE(eocd + 10);
  const directoryOffset = buffer.readUInt32LE(eocd + 16);
  if (entryCount === 0xffff || directoryOffset === ZIP64_MARKER) {
    throw new FileFormatError('unsupported_zip', { feature: 'zip64' });
  }
  if (entryCount > maxEntries) {
    throw new FileFormatError('too_many_zip_entries', { limit: maxEntries, actual: entryCount });
  }
  const entries: CentralEntry[] = [];
  let offset = directoryOffset;
  for (let index = 0; index < entryCount; index++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== CENTRAL_SIGNATURE) {
      throw new FileFormatError('not_xlsx', { detected: 'corrupt_zip_directory' });
    }
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const localHeaderOffset = buffer.readUInt32LE(offset + 42);
    if (compressedSize === ZIP64_MARKER || localHeaderOffset === ZIP64_MARKER) {
      throw new FileFormatError('unsupported_zip', { feature: 'zip64' });
    }
    entries.push({
      name: buffer.toString('utf8', offset + 46, offset + 46 + nameLength),
      flags: buffer.readUInt16LE(offset + 8),
      method: buffer.readUInt16LE(offset + 10),
      compressedSize,
      localHeaderOffset,
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function entryData(buffer: Buffer, entry: CentralEntry): Buffer {
  const local = entry.localHeaderOffset;
  if (local + 30 > buffer.length || buffer.readUInt32LE(local) !== LOCAL_SIGNATURE) {
    throw new FileFormatError('not_xlsx', { detected: 'corrupt_zip_entry' });
  }
  const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
  const end = start + entry.compressedSize;
  if (end > buffer.length) throw new FileFormatError('not_xlsx', { detected: 'truncated_zip' });
  return buffer.subarray(start, end);
}

// A cell element, with or without a namespace prefix (<c r="A1">, <x:c>, <c/>).
const CELL_TAG = /<(?:[A-Za-z_][\w.-]{0,20}:)?c[\s>/]/g;
const LONGEST_CELL_TAG = 24;

/** Counts cell tags across chunk boundaries without counting any twice. */
class CellCounter {
  count = 0;
  private carry = '';

  add(chunk: Buffer): void {
    const text = this.carry + chunk.toString('latin1');
    for (const match of text.matchAll(CELL_TAG)) {
      // A match lying wholly inside the carried tail was counted with the previous chunk.
      if (match.index + match[0].length > this.carry.length) this.count++;
    }
    this.carry = text.slice(-LONGEST_CELL_TAG);
  }
}

const WORKSHEET_ENTRY = /^\/?xl\/worksheets\/[^/]+\.xml$/i;

export async function inspectZip(buffer: Buffer, limits: ZipLimits): Promise<ZipInspection> {
  const entries = readCentralDirectory(buffer, limits.maxEntries);
  let uncompressedBytes = 0;
  let worksheetCells = 0;
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    if ((entry.flags & 0x1) !== 0) throw new FileFormatError('unsupported_zip', { feature: 'encryption' });
    if (entry.method !== 0 && entry.method !== 8) {
      throw new FileFormatError('unsupported_zip', { feature: `method_${entry.method}` });
    }
    const data = entryData(buffer, entry);
    const counter = WORKSHEET_ENTRY.test(entry.name) ? new CellCounter() : null;
    const inflater = entry.method === 8 ? createInflateRaw() : null;
    inflater?.end(data);
    const chunks: AsyncIterable<Buffer> | Buffer[] = inflater ?? [data];
    try {
      for await (const chunk of chunks) {
        uncompressedBytes += chunk.length;
        if (uncompressedBytes > limits.maxUncompressedBytes) {
          throw new FileFormatError('uncompressed_too_large', { limit: limits.maxUncompressedBytes });
        }
        if (counter !== null) {
          counter.add(chunk);
          if (worksheetCells + counter.count > limits.maxCells) {
            throw new FileFormatError('too_many_cells', { limit: limits.maxCells });
          }
        }
      }
    } catch (error) {
      if (error instanceof FileFormatError) throw error;
      throw new FileFormatError('not_xlsx', { detected: 'corrupt_deflate_data', entry: entry.name });
    } finally {
      inflater?.destroy();
    }
    worksheetCells += counter?.count ?? 0;
  }
  return { entries: entries.length, uncompressedBytes, worksheetCells };
}
