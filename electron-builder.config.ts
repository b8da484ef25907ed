import type { Configuration } from 'electron-builder';
import { ELECTRON_FUSES, FUSE_PACKAGING_REQUIREMENTS } from './src/main/app/security/fuses';

/**
 * Packaging (`npm run package`, scripts/package.mjs). Only the electron-vite output goes in: the
 * loopback preview server and the CLI are not entries of that build, so the packaged app has no
 * HTTP transport at all (test/unit/security/packaged-build.test.ts checks the import graph).
 */
const config: Configuration = {
  appId: 'app.patron.crm',
  productName: 'Patron',
  directories: { output: 'release', buildResources: 'build' },
  files: ['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json'],
  ...FUSE_PACKAGING_REQUIREMENTS,
  electronFuses: { ...ELECTRON_FUSES },
  // The native module is rebuilt for Electron by scripts/package.mjs before packing.
  npmRebuild: false,
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.business' },
  linux: { target: ['AppImage'], category: 'Office' },
};

export default config;
