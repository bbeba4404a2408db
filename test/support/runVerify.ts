import { spawn } from 'node:child_process';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');

/** Runs `npm run verify`'s script in its own process against a Graph URL, as an admin's shell would. */
export function runVerify(
  args: string[],
  graphUrl: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['src/cli/verify.ts', ...args], {
      cwd: REPO,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, GRAPH_BASE_URL: graphUrl, LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
