/**
 * A command of ours as an operator runs it: the built script in dist/ under this Node, its exit
 * code and what it printed. Tests that spawn one run `npm run -s build` first (npm test does).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface CommandRun { code: number | null; stdout: string; stderr: string }

/** `script`: the command's path under dist/, for example "main/ledger/verify-cli.js". */
export function builtCommand(script: string): (...args: string[]) => Promise<CommandRun> {
  const file = fileURLToPath(new URL(`../../dist/${script}`, import.meta.url));
  return (...args) => {
    if (!existsSync(file)) throw new Error(`${file} is not built: run npm run -s build:main first.`);
    const child = spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
  };
}
