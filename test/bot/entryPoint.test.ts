import { spawnSync } from 'node:child_process';
import path from 'node:path';

const repo = path.resolve(__dirname, '../..');

describe('npm run bot (src/index.ts)', () => {
  it('should print the configuration problem and exit 1 on a bad environment', () => {
    const result = spawnSync(process.execPath, [path.join(repo, 'node_modules/tsx/dist/cli.mjs'), 'src/index.ts'], {
      cwd: repo,
      env: {
        PATH: process.env.PATH,
        PORT: 'eighty',
        APPROVER_IDS: 'not-a-guid',
        GRAPH_BASE_URL: 'http://127.0.0.1:9/v1.0',
        LOG_LEVEL: 'silent',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Invalid configuration/);
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/APPROVER_IDS/);
    expect(result.stderr).not.toMatch(/not-a-guid/);
  });
});
