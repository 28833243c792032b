/**
 * The boundary rule itself is tested: a tree that breaks each rule must fail the cruise, and
 * the project's own tree must pass it. (The test command runs the same rule over the project.)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDir } from '../support/temp-dir.js';

const projectRoot = resolve('.');
const depcruise = join(projectRoot, 'node_modules/.bin/depcruise');
const config = join(projectRoot, '.dependency-cruiser.cjs');

function cruise(cwd: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(depcruise, ['main', 'renderer', 'shared', '--config', config, '--output-type', 'err'], { cwd, encoding: 'utf8' });
    return { ok: true, output };
  } catch (error) {
    return { ok: false, output: String((error as { stdout?: string }).stdout ?? error) };
  }
}

const tree = freshDir('boundaries-');
afterAll(tree.remove);

function writeTree(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(tree.path, path, '..'), { recursive: true });
    writeFileSync(join(tree.path, path), text);
  }
}

describe('process boundaries', () => {
  it('reject every crossing of a line, each by its own rule', () => {
    symlinkSync(join(projectRoot, 'node_modules'), join(tree.path, 'node_modules'));
    writeTree({
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowJs: true } }),
      'main/host.ts': "export const host = 1;\n",
      'shared/contract/index.ts': "export const contract = 1;\n",
      'shared/visit/rules.ts': "export const rule = 1;\n",
      'shared/uses-node.ts': "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      'shared/uses-logger.ts': "import pino from 'pino';\nexport const x = pino;\n",
      'shared/uses-host.ts': "import { host } from '../main/host.js';\nexport const x = host;\n",
      'renderer/uses-electron.ts': "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
      'renderer/uses-node.ts': "import { join } from 'node:path';\nexport const x = join;\n",
      'renderer/uses-rules.ts': "import { rule } from '../shared/visit/rules.js';\nexport const x = rule;\n",
      'renderer/uses-host.ts': "import { host } from '../main/host.js';\nexport const x = host;\n",
      'renderer/uses-contract.ts': "import { contract } from '../shared/contract/index.js';\nexport const x = contract;\n",
      'shared/clinic-time/clock.ts': "export const clock = 1;\n",
      'shared/retry/backoff.ts': "export const backoff = 1;\n",
      'renderer/uses-clock-and-retry.ts': "import { clock } from '../shared/clinic-time/clock.js';\nimport { backoff } from '../shared/retry/backoff.js';\nexport const x = clock + backoff;\n",
      'renderer/cycle-a.ts': "import { b } from './cycle-b.js';\nexport const a = () => b;\n",
      'renderer/cycle-b.ts': "import { a } from './cycle-a.js';\nexport const b = () => a;\n",
    });
    const { ok, output } = cruise(tree.path);
    expect(ok).toBe(false);
    for (const rule of [
      'shared-imports-no-node-builtins: shared/uses-node.ts',
      'shared-imports-only-pure-packages: shared/uses-logger.ts',
      'shared-imports-no-process-code: shared/uses-host.ts',
      'renderer-imports-no-electron-or-host-packages: renderer/uses-electron.ts',
      'renderer-imports-no-node: renderer/uses-node.ts',
      'renderer-imports-no-clinical-rules: renderer/uses-rules.ts',
      'renderer-imports-no-host-code: renderer/uses-host.ts',
      'no-circular: renderer/cycle-a.ts',
    ]) expect(output).toContain(rule);
    expect(output).not.toContain('renderer/uses-contract.ts');
    expect(output).not.toContain('renderer/uses-clock-and-retry.ts');
  });

  it('hold for the project as it is', () => {
    expect(cruise(projectRoot)).toMatchObject({ ok: true });
  });
});
