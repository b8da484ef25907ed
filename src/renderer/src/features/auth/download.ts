import type { ExportedFile } from '../../../../shared/contract/audit';
import { downloadBlob } from '../../components/download';

/** Saves a text file exported by an owner command (audit log, person export). */
export function downloadFile(file: ExportedFile): void {
  downloadBlob(file.fileName, new Blob([file.content], { type: `${file.mimeType};charset=utf-8` }));
}
