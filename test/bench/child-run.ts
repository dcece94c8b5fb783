// A benchmark's measured half in a child process of its own (so its peak
// memory is its own), while the local server it talks to answers in this one:
// spawned asynchronously, its stdout's last line is its JSON result.
import { spawn } from 'node:child_process';

/** Runs `script --child` with `env` added; resolves with the last stdout line parsed, rejects when it failed. */
export function runChild<T = Record<string, any>>(script: string, env: NodeJS.ProcessEnv): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', script, '--child'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.on('error', reject);
    proc.on('close', (c) => {
      if (c !== 0) return reject(new Error(`the benchmark's child failed (exit ${c})`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as T);
    });
  });
}
