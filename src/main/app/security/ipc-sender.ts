/**
 * IPC sender validation (Electron security checklist item 17).
 *
 * Any frame in any renderer can send on a channel it knows, so every `ipcMain.handle` call first
 * checks `event.senderFrame`: it must still exist, be the top-level frame (Patron has no iframes)
 * and be showing the app's own origin. A frame that navigated elsewhere, an injected iframe or a
 * stray window therefore gets no answer.
 */
import { isSameOrigin } from './origin';

/**
 * @param frameUrl `event.senderFrame?.url` — `null`/`undefined` when the frame is gone.
 * @param isMainFrame `event.senderFrame.parent === null`.
 * @param expectedOrigin the origin the window was loaded from (APP_ORIGIN, or the dev server's).
 */
export function isTrustedSender(
  frameUrl: string | null | undefined,
  isMainFrame: boolean,
  expectedOrigin: string,
): boolean {
  if (!isMainFrame) return false;
  return isSameOrigin(frameUrl, expectedOrigin);
}
