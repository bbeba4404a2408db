import { Writable } from 'node:stream';
import { main } from '../../src/cli/verify';
import { startSimulator, type RunningSimulator } from '../../src/sim';
import { fixture } from '../support/engineHarness';

// 140,000 users: spreading their names into Math.max, as the command once did for the table, overflows the stack.
const USERS = 140_000;
const GROUP = '00000000-0000-0a01-0000-000000000001';

function capture(): { out: Writable; text: () => string; peakChunk: () => number } {
  const chunks: string[] = [];
  let peak = 0;
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      peak = Math.max(peak, chunk.length);
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { out, text: () => chunks.join(''), peakChunk: () => peak };
}

describe('npm run verify at a size that used to overflow the stack', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ fixture: fixture('gen-100k.json', (f) => (f.generate.users = USERS)), port: 0, quiet: true });
  }, 60_000);
  afterAll(() => sim.close());
  const env = () => ({ GRAPH_BASE_URL: sim.graphUrl, LOG_LEVEL: 'silent' });

  it('precondition: spreading that many values overflows', () => {
    expect(() => Math.max(...Array.from({ length: USERS }, (_, i) => i))).toThrow(RangeError);
  });

  it.each(['table', 'csv', 'json'])(
    'writes the %s report as it reads, every user once',
    async (format) => {
      const sink = capture();
      const code = await main(['--sku', 'ENTERPRISEPACK', '--group', GROUP, '--format', format], env(), sink.out);
      expect(code).toBe(0);
      const text = sink.text();
      // Written a page at a time, never as one document.
      expect(sink.peakChunk()).toBeLessThan(text.length / 5);
      if (format === 'json') {
        const out = JSON.parse(text);
        // Large reports keep the contract's keys with the summary as a trailer.
        expect(Object.keys(out)).toEqual(['sku', 'group', 'users', 'summary']);
        expect(out.users).toHaveLength(USERS);
        expect(new Set(out.users.map((u: { id: string }) => u.id)).size).toBe(USERS);
        expect(Object.values(out.summary).reduce((a: number, b) => a + (b as number), 0)).toBe(USERS);
        expect(text).not.toContain('\n  '); // compact unless --pretty
      } else if (format === 'csv') {
        const lines = text.trim().split('\r\n');
        expect(lines[0]).toBe('id,userPrincipalName,class,error,missingPlans,gainedPlans');
        expect(lines).toHaveLength(USERS + 1);
      } else {
        const rows = text.split('\n').filter((l) => / {2}(ready|planGain|pending|error|planMismatch|notMember|inheritedOnly) /.test(l));
        expect(rows).toHaveLength(USERS);
        expect(text.trim().split('\n').pop()).toMatch(/^ready: \d+ {2}planGain: \d+ {2}pending: \d+/);
      }
    },
    120_000,
  );

  it('--pretty indents JSON and is refused for other formats', async () => {
    const sink = capture();
    expect(await main(['--sku', 'ENTERPRISEPACK', '--group', GROUP, '--format', 'json', '--pretty'], env(), sink.out)).toBe(0);
    expect(sink.text()).toContain('\n  "summary": {');
    expect(JSON.parse(sink.text()).users).toHaveLength(USERS);
    const refused = capture();
    expect(await main(['--sku', 'ENTERPRISEPACK', '--group', GROUP, '--format', 'csv', '--pretty'], env(), refused.out)).toBe(2);
  }, 120_000);

  it('names an internal error as one, not as a Graph failure', async () => {
    const broken = new Writable({
      write(_c, _e, done) {
        done(new Error('disk full'));
      },
    });
    const errors: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      errors.push(String(s));
      return true;
    });
    try {
      expect(await main(['--sku', 'ENTERPRISEPACK', '--group', GROUP, '--format', 'csv'], env(), broken)).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join('')).toMatch(/^Internal error \(not a Graph failure\): disk full/);
  }, 120_000);
});
