import { E3, largeTenant } from '../support/graphFixture';
import { startHarness, type Harness } from '../support/graphHarness';

const USERS = 200;
const CHUNK = 20;
const PARALLEL = 4;

/** The engine's pattern: up to 4 chunks at once, each a $batch of reads, a $batch of removals and a $batch of read-backs. */
async function removeAllLikeTheEngine(h: Harness, ids: string[]): Promise<{ removed: number; failed: string[] }> {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
  let removed = 0;
  const failed: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++];
      await h.graph.getUsers(chunk);
      for (const r of await h.graph.removeDirectLicense(E3, chunk)) {
        if (r.ok) removed++;
        else failed.push(`${r.id}: ${r.failure.kind}`);
      }
      await h.graph.getUsers(chunk);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return { removed, failed };
}

describe('write pacing against the simulator throttle', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(largeTenant(USERS), { retryDelaySeconds: 1, requestTimeoutMs: 10_000 });
  });
  afterAll(async () => h?.close());

  it('should remove every direct license under a 50 writes/s bucket with few 429 answers', async () => {
    const ids: string[] = [];
    for await (const page of h.graph.usersWithSku(E3)) ids.push(...page.map((u) => u.id));
    expect(ids).toHaveLength(USERS);

    await h.behave({ throttle: { writeRequestsPerSecond: 50 } });
    const before = await h.stats();
    const r = await removeAllLikeTheEngine(h, ids);
    const after = await h.stats();
    const throttled = after.throttled - before.throttled;
    const total = after.total - before.total;

    expect(r.failed).toEqual([]);
    expect(r.removed).toBe(USERS);
    // The bucket does throttle (so pacing was exercised), yet only a small share of all requests is refused:
    // measured 3.4–3.7% with pacing (nearly all from writes already in flight at the first 429), 20% without it.
    expect(throttled).toBeGreaterThan(0);
    expect(throttled / total).toBeLessThan(0.06);
    const left: string[] = [];
    for await (const page of h.graph.usersWithSku(E3)) left.push(...page.map((u) => u.id));
    expect(left).toEqual([]);
  }, 60_000);
});
