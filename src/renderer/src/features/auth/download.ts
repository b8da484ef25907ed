import type { ExportedFile } from '../../../../shared/contract/audit';

/**
 * Hands a file made in main to the user as a download (the browser's save, or Electron's save
 * dialog). A Blob URL, revoked right after, so the content never sits in the DOM.
 */
export function downloadFile(file: ExportedFile): void {
  const blob = new Blob([file.content], { type: `${file.mimeType};charset=utf-8` });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = file.fileName;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
