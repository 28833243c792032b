import { spawn, type ChildProcess } from 'node:child_process';

/** A command started as a person would start it, resolved once its output shows `ready`. */
export interface RunningCommand {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function startCommand(command: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<RunningCommand> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  const running: RunningCommand = {
    child,
    output: () => output,
    stop: () => new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    }),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { void running.stop(); reject(new Error(`Not ready in time:\n${output}`)); }, 30_000);
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) { clearTimeout(timer); resolve(running); }
    };
    child.stdout.on('data', listen);
    child.stderr.on('data', listen);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`Exited (${code}) before it was ready:\n${output}`)); });
  });
}
