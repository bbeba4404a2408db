/**
 * Smoke test of `npm run bench -- --quick`: every scenario runs (each in its own process, against the
 * simulator) and leaves a result file a script can check. Figures depend on the machine, so nothing
 * here asserts a timing; only the shape and the sanity of the values.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { maxInWindow, startFakeConnector } from '../bench/connector';

const root = path.resolve(__dirname, '..');
const resultsDir = path.join(root, 'bench', 'results');
const scenarios = fs
  .readdirSync(path.join(root, 'bench', 'scenarios'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
const RUN_TIMEOUT_MS = 180_000;

interface Outcome {
  code: number | null;
  output: string;
}

function runQuickBench(): Promise<Outcome> {
  return new Promise((resolve) => {
    // Its own process group, so a timeout stops the scenario and simulator processes under it too.
    const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'bench', 'run.ts'), '--quick'], {
      cwd: root,
      detached: true,
    });
    let output = '';
    const keep = (d: Buffer) => {
      // The tail is what explains a failure; the progress lines before it are not needed.
      output = (output + d.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      output += `\n(bench stopped after ${RUN_TIMEOUT_MS / 1000} s)`;
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
    }, RUN_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('npm run bench -- --quick', () => {
  // A quick run overwrites bench/results/*.json; the figures of the last full run are put back afterwards.
  const saved = new Map<string, string>();
  let outcome: Outcome;
  const started = Date.now();

  beforeAll(async () => {
    for (const s of scenarios) {
      const file = path.join(resultsDir, `${s}.json`);
      if (fs.existsSync(file)) {
        saved.set(file, fs.readFileSync(file, 'utf8'));
        fs.rmSync(file);
      }
    }
    outcome = await runQuickBench();
  }, RUN_TIMEOUT_MS + 20_000);

  afterAll(() => {
    for (const [file, text] of saved) fs.writeFileSync(file, text);
  });

  it('runs every scenario to the end', () => {
    if (outcome.code !== 0) console.log(outcome.output);
    expect(outcome.code).toBe(0);
    expect(scenarios).toEqual(expect.arrayContaining(['remove-10k', 'remove-profiles', 'throttled', 'verify-100k', 'bot-responsive']));
  });

  it.each(scenarios)('%s writes a result with the documented shape and sane values', (scenario) => {
    const file = path.join(resultsDir, `${scenario}.json`);
    expect(fs.existsSync(file)).toBe(true);
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));

    expect(r.scenario).toBe(scenario);
    expect(r.quick).toBe(true);
    expect(typeof r.commit).toBe('string');
    expect(r.commit.length).toBeGreaterThan(0);
    expect(r.node).toBe(process.version);
    expect(Number.isInteger(r.cores) && r.cores >= 1).toBe(true);
    // Written by this run, not left over from an earlier one.
    expect(Date.parse(r.at)).toBeGreaterThanOrEqual(started - 1000);

    const metrics = Object.entries(r.metrics as Record<string, unknown>);
    expect(metrics.length).toBeGreaterThan(0);
    for (const [name, value] of metrics) {
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new Error(`${scenario}: metric ${name} is ${JSON.stringify(value)}, not a finite number`);
      expect(value).toBeGreaterThanOrEqual(0);
    }
    expect(r.metrics.users).toBeGreaterThan(0);
    for (const [name, value] of metrics) {
      if (/removed$/i.test(name) && (value as number) <= 0) throw new Error(`${scenario}: ${name} is ${value}; the run removed nobody`);
    }
    if ('invariantViolations' in r.metrics) expect(r.metrics.invariantViolations).toBe(0);
    // Not a timing: one license write per user the engine removed, whatever the number of products (issue 13).
    if ('licenseWritesPerUser' in r.metrics) expect(r.metrics.licenseWritesPerUser).toBe(1);
    if ('directHoldersAfter' in r.metrics) expect(r.metrics.directHoldersAfter).toBe(0);

    const targets = Object.entries(r.targets as Record<string, { op: string; value: unknown }>);
    expect(targets.length).toBeGreaterThan(0);
    for (const [name, t] of targets) {
      expect(name in r.metrics).toBe(true);
      expect(['<=', '>=']).toContain(t.op);
      expect(Number.isFinite(t.value)).toBe(true);
    }
    // `pass` says whether every target was met, nothing else.
    const met = targets.every(([name, t]) =>
      t.op === '<=' ? r.metrics[name] <= (t.value as number) : r.metrics[name] >= (t.value as number),
    );
    expect(r.pass).toBe(met);
    expect(Array.isArray(r.notes)).toBe(true);
  });
});

describe("the bench's fake Bot Connector", () => {
  it('answers like the connector and records each operation of a conversation', async () => {
    const connector = await startFakeConnector();
    try {
      const post = (p: string, method: string, body: unknown) =>
        fetch(connector.url + p, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const sent = await post('/v3/conversations/19%3Aa%40thread.tacv2/activities', 'POST', { type: 'message', text: 'hello' });
      expect(sent.status).toBe(200);
      const { id } = (await sent.json()) as { id: string };
      expect(id).toEqual(expect.any(String));
      const replied = connector.waitFor((op) => op.replyToId === 'incoming-1');
      expect((await post('/v3/conversations/19%3Aa%40thread.tacv2/activities/incoming-1', 'POST', { type: 'message' })).status).toBe(200);
      expect((await replied).kind).toBe('reply');
      expect(
        (await post(`/v3/conversations/19%3Aa%40thread.tacv2/activities/${id}`, 'PUT', { type: 'message', text: 'edited' })).status,
      ).toBe(200);
      const created = await post('/v3/conversations', 'POST', { isGroup: false });
      expect(created.status).toBe(201);
      expect(await created.json()).toEqual({ id: expect.any(String), activityId: expect.any(String) });
      expect((await post('/v3/nothing', 'GET', undefined)).status).toBe(404);
      expect((await fetch(connector.url + '/v3/conversations/x/activities', { method: 'POST', body: '{not json' })).status).toBe(400);

      expect(connector.ops.map((o) => [o.kind, o.conversationId])).toEqual([
        ['send', '19:a@thread.tacv2'],
        ['reply', '19:a@thread.tacv2'],
        ['update', '19:a@thread.tacv2'],
        ['createConversation', expect.any(String)],
      ]);
      expect(connector.ops[2].activityId).toBe(id);
    } finally {
      await connector.close();
    }
  });

  it('counts the busiest window of operations (windows are half-open)', () => {
    expect(maxInWindow([], 1000)).toBe(0);
    expect(maxInWindow([0, 999, 1000, 1500, 1999], 1000)).toBe(3);
    expect(maxInWindow([3000, 0, 100, 200], 1000)).toBe(3);
    expect(maxInWindow([0, 1000, 2000], 1000)).toBe(1);
  });
});
