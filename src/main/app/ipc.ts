import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { PatronCore } from '../core/core';
import type { Session } from '../core/session';
import { fail } from '../../shared/errors';
import { eventNames } from '../../shared/contract';
import { isTrustedSender } from './security/ipc-sender';

export const INVOKE_CHANNEL = 'patron:invoke';
export const EVENT_CHANNEL = 'patron:event';

export interface WindowBinding {
  readonly contents: WebContents;
  readonly session: Session;
  /** The origin this window must be showing (app://patron, or the dev server). */
  readonly origin: string;
}

/**
 * True when an IPC message really comes from the top frame of one of our windows, still showing
 * our origin (checklist item 17). Any other frame gets no answer at all.
 */
export function bindingForSender(
  event: IpcMainInvokeEvent,
  bindings: ReadonlyMap<number, WindowBinding>,
): WindowBinding | null {
  const binding = bindings.get(event.sender.id);
  if (!binding || binding.contents !== event.sender) return null;
  const frame = event.senderFrame;
  if (!frame || !isTrustedSender(frame.url, frame.parent === null, binding.origin)) return null;
  return binding;
}

/**
 * One handler for every command: the core's router checks the role, validates input and returns a
 * Result value (Electron would otherwise keep only `message` of a thrown error).
 */
export function registerCommandChannel(
  core: PatronCore,
  bindings: ReadonlyMap<number, WindowBinding>,
): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, name: unknown, input: unknown) => {
    const binding = bindingForSender(event, bindings);
    if (!binding) return fail('forbidden', 'This frame may not call Patron.');
    return core.invoke(binding.session, name, input);
  });
  const unsubscribe = core.events.onAny((event, payload) => {
    if (!eventNames.includes(event)) return;
    for (const { contents } of bindings.values()) {
      if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload);
    }
  });
  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    unsubscribe();
  };
}
