import os from 'node:os';
import path from 'node:path';

/**
 * Where the desktop app keeps its data, computed the way Electron's
 * `app.getPath('userData')` does for an app named "Patron", so the browser
 * preview started by `npm start` opens the same shop file as the app would.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.PATRON_DATA_DIR) return path.resolve(env.PATRON_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Patron');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Patron');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Patron');
}

export function defaultDbFile(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  return path.join(defaultDataDir(env, platform), 'patron.db');
}
