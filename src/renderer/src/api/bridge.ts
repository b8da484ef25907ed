import type { PatronBridge } from '../../../shared/bridge';
import { createHttpBridge } from './http-bridge';

let cached: PatronBridge | null | undefined;

/** The Electron preload's bridge when present, else the preview's HTTP bridge. */
export function getBridge(): PatronBridge | null {
  if (cached === undefined) cached = window.patron ?? createHttpBridge();
  return cached;
}
