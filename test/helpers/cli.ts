import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cliEntry = path.join(repoRoot, 'src/main/cli/index.ts');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm run cli -- …` the way a user would (without npm's own banner). */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', cliEntry, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, PATRON_LOG: 'silent', ...env },
    timeout: 300_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(prefix = 'patron-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface RunningPreview {
  readonly url: string;
  readonly dbFile: string;
  stop(): Promise<void>;
}

/** Starts `cli web` on a free port and resolves once it prints its URL. */
export function startPreview(dbFile: string, extraArgs: readonly string[] = []): Promise<RunningPreview> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      cliEntry,
      'web',
      '--db',
      dbFile,
      '--port',
      '0',
      '--no-build',
      '--no-schedule',
      ...extraArgs,
    ],
    { cwd: repoRoot, env: { ...process.env, PATRON_LOG: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`preview did not start in time: ${stderr}`));
    }, 60_000);
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /ready: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1]!,
          dbFile,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`preview exited with ${code}: ${stderr}`));
    });
  });
}
