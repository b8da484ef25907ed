import { contextBridge, ipcRenderer } from 'electron';
import type { PatronBridge } from '../shared/bridge';
import type { EventMap, EventName } from '../shared/contract';

/**
 * The whole surface the renderer gets: `invoke` and `on`. Never ipcRenderer
 * itself, and listeners receive the payload only — never the IpcRendererEvent,
 * which would hand the page a way back into IPC.
 */
const bridge: PatronBridge = {
  invoke: (name, input) => ipcRenderer.invoke('patron:invoke', name, input),
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
    const handler = (_event: unknown, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload as EventMap[E]);
    };
    ipcRenderer.on('patron:event', handler);
    return () => {
      ipcRenderer.removeListener('patron:event', handler);
    };
  },
};

contextBridge.exposeInMainWorld('patron', bridge);
