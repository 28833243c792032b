/**
 * better-sqlite3 for Electron's ABI, kept apart from the Node build the tests use. A native
 * module rebuilt for Electron no longer loads in plain Node and the reverse (better-sqlite3 #545,
 * vitest #6286), so the Electron copy lives in native/electron-<version>/ and the host process is
 * told where it is. Built with npm itself, the way Electron's docs describe
 * (npm_config_runtime=electron); it needs Electron's headers, so it needs the network once.
 * Packaged apps do not use this: electron-builder rebuilds node_modules for Electron itself.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export function electronVersionOf(binary: string): string | null {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '' } });
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed string, but null when the binary could not be started
  const version = /v?(\d+\.\d+\.\d+\S*)/.exec(result.stdout ?? '')?.[1];
  return version ?? null;
}

function folderFor(electronVersion: string): string {
  return join(appRoot, 'native', `electron-${electronVersion}`);
}

export function sqliteBindingFor(electronVersion: string): string {
  return join(folderFor(electronVersion), 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

/**
 * The package installed as `better-sqlite3`, by its own name: an npm alias for
 * better-sqlite3-multiple-ciphers (main/ledger/database.ts), which the Electron copy must be too,
 * or the host could not open the encrypted ledger.
 */
function installedSqlite(): { name: string; version: string } {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')) as { name: string; version: string };
}

export type SqliteBuild = { ok: true; binding: string } | { ok: false; reason: string };

/** Returns the Electron build of better-sqlite3, building it first when it is missing. */
export function ensureSqliteForElectron(electronVersion: string): SqliteBuild {
  const binding = sqliteBindingFor(electronVersion);
  const folder = folderFor(electronVersion);
  const sqlite = installedSqlite();
  if (existsSync(binding) && sameBuild(folder, sqlite)) return { ok: true, binding };
  // A copy built before the ledger was encrypted (plain better-sqlite3) cannot open it: built again.
  rmSync(join(folder, 'node_modules'), { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({
    name: 'kiosk-native-for-electron',
    private: true,
    dependencies: { 'better-sqlite3': sqlite.name === 'better-sqlite3' ? sqlite.version : `npm:${sqlite.name}@${sqlite.version}` },
    // npm matches install-script approvals by a package's own name, not its alias.
    allowScripts: { [sqlite.name]: true },
  }, null, 2));
  // An empty user config: a user-wide `nodedir` (these machines set one) would point node-gyp at
  // Node's headers, and the "Electron" build would quietly be a Node one.
  const emptyUserConfig = join(folder, 'npmrc');
  writeFileSync(emptyUserConfig, '');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--build-from-source'], {
    cwd: folder,
    encoding: 'utf8',
    env: {
      ...process.env,
      npm_config_userconfig: emptyUserConfig,
      npm_config_runtime: 'electron',
      npm_config_target: electronVersion,
      npm_config_disturl: 'https://electronjs.org/headers',
    },
  });
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed strings, but null when npm could not be started
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-3).join(' ');
  const failed = (why: string): SqliteBuild => {
    rmSync(join(folder, 'node_modules'), { recursive: true, force: true });
    return { ok: false, reason: `better-sqlite3 could not be built for Electron ${electronVersion}: ${why}` };
  };
  if (!existsSync(binding)) return failed(`it needs Electron's headers from the network (${output})`);
  if (loadsInThisNode(binding)) return failed('the build came out for Node\'s ABI, not Electron\'s');
  return { ok: true, binding };
}

function sameBuild(folder: string, sqlite: { name: string; version: string }): boolean {
  try {
    const built = JSON.parse(readFileSync(join(folder, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { name: string; version: string };
    return built.name === sqlite.name && built.version === sqlite.version;
  } catch {
    return false;
  }
}

/** A binding built for Electron must not load in plain Node: if it does, it was built for Node. */
function loadsInThisNode(binding: string): boolean {
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(binding)})`], { encoding: 'utf8' });
  return probe.status === 0;
}
