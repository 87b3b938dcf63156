// Where Caliper keeps its data folder: the same place Electron's app.getPath('userData') gives for
// an app named Caliper, so the desktop app, the web host and the CLI share settings and reviews.
// CALIPER_DATA_DIR overrides it. Layer: electron/backend.
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CALIPER_DATA_DIR) return path.resolve(env.CALIPER_DATA_DIR);
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Caliper');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Caliper');
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Caliper');
  }
}

/** The folder where reviews created without an explicit path are kept. */
export function reviewsDirOf(dataDir: string): string {
  return path.join(dataDir, 'reviews');
}
