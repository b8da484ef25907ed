/**
 * Electron fuses for the packaged app (Electron security checklist item 19), as electron-builder
 * 26's `electronFuses` option. electron-builder flips them after packing and before signing, so the
 * OS code-signature check is what keeps them flipped.
 *
 * Use from an `electron-builder.config.ts` (electron-builder loads TypeScript configs via jiti):
 *   import { ELECTRON_FUSES } from './src/main/app/security/fuses';
 *   export default { …, asar: true, electronFuses: { ...ELECTRON_FUSES } } satisfies Configuration;
 *
 * Electron 45 also has a `WasmTrapHandlers` fuse (a performance feature, not a security one) that
 * electron-builder 26.17 and @electron/fuses 1.8 do not know yet; it keeps Electron's default.
 */
import type { Configuration } from 'electron-builder';

export type ElectronFuseOptions = NonNullable<Configuration['electronFuses']>;

/** Every fuse electron-builder can flip, except the macOS re-signing switch. */
export type ElectronFuseName = Exclude<keyof ElectronFuseOptions, 'resetAdHocDarwinSignature'>;

export const ELECTRON_FUSES: Readonly<Required<Pick<ElectronFuseOptions, ElectronFuseName>>> = Object.freeze({
  /**
   * ELECTRON_RUN_AS_NODE would turn the signed Patron.exe into a general Node.js interpreter for
   * any malware on the PC. Patron needs no child_process.fork: analysis runs in worker_threads.
   */
  runAsNode: false,
  /** Chromium's cookie store encrypted with the OS keychain/DPAPI (one-way; Patron keeps no cookies of value). */
  enableCookieEncryption: true,
  /** NODE_OPTIONS (and NODE_EXTRA_CA_CERTS) cannot inject `--require` code or CAs into main. */
  enableNodeOptionsEnvironmentVariable: false,
  /** `--inspect`/SIGUSR1 cannot attach a debugger to main and read the database. */
  enableNodeCliInspectArguments: false,
  /** app.asar is checked against the hash embedded at build time (macOS, and Windows since Electron 30). */
  enableEmbeddedAsarIntegrityValidation: true,
  /** Only app.asar is loaded — together with the integrity check, no unverified code can run. */
  onlyLoadAppFromAsar: true,
  /** Patron ships no custom browser-process V8 snapshot; enabling this without one breaks startup. */
  loadBrowserProcessSpecificV8Snapshot: false,
  /** The renderer is served from app://, so file:// pages need no extra powers. */
  grantFileProtocolExtraPrivileges: false,
});

/**
 * Packaging settings the fuses depend on: `onlyLoadAppFromAsar` needs an asar archive and the
 * integrity fuse needs electron-builder to embed the asar hash (it does unless disabled).
 * better-sqlite3's native module must be unpacked (electron-builder does that for .node files);
 * unpacked files are not covered by the integrity check.
 */
export const FUSE_PACKAGING_REQUIREMENTS = Object.freeze({
  asar: true,
} as const satisfies Pick<Configuration, 'asar'>);

/** Lists fuse settings that differ from ELECTRON_FUSES (empty when the config is hardened). */
export function findFuseViolations(fuses: ElectronFuseOptions | null | undefined): string[] {
  const violations: string[] = [];
  for (const [name, required] of Object.entries(ELECTRON_FUSES)) {
    const actual: unknown = fuses?.[name as ElectronFuseName];
    if (actual !== required) {
      violations.push(
        `${name} must be ${String(required)}, is ${actual === undefined ? 'unset' : String(actual)}`,
      );
    }
  }
  return violations;
}
