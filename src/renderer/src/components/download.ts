/**
 * Hands a file made in main to the user as a download (the browser's save, or Electron's save
 * dialog). A Blob URL, revoked shortly after, so the content never sits in the DOM.
 */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Commands return files as base64 (plain JSON crosses every transport). */
export function downloadBase64(fileName: string, base64: string, type = 'application/octet-stream'): void {
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  downloadBlob(fileName, new Blob([bytes], { type }));
}
