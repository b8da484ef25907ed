import type { PatronBridge } from '../shared/bridge';

declare global {
  interface Window {
    readonly patron?: PatronBridge;
  }
}

export {};
