import type { Stats } from '../src/sim';
import type { SimHandle } from './sim';

export type SimStats = Stats;

/** Reads and resets the simulator's request counters. */
export async function takeStats(sim: SimHandle): Promise<SimStats> {
  const s = await sim.get<SimStats>('/_sim/stats');
  await sim.post('/_sim/stats/reset');
  return s;
}

/** Pages the ids of a group's members straight from the simulator (setup, not measured). */
export async function memberIds(sim: SimHandle, groupId: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let url: string | undefined = `${sim.graphUrl}/groups/${groupId}/members?$select=id&$top=999`;
  while (url && ids.length < limit) {
    const r = await fetch(url);
    const j = (await r.json()) as { value: { id: string }[]; '@odata.nextLink'?: string };
    ids.push(...j.value.map((v) => v.id));
    url = j['@odata.nextLink'];
  }
  return ids.slice(0, limit);
}

/** Waits until the simulator has no queued or running group processing. */
export async function settled(sim: SimHandle, groupId: string): Promise<void> {
  for (;;) {
    const g = (await (await fetch(`${sim.graphUrl}/groups/${groupId}?$select=id,licenseProcessingState`)).json()) as {
      licenseProcessingState?: { state?: string };
    };
    if (g.licenseProcessingState?.state === 'ProcessingComplete') return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The license writes on users a stretch of requests made: POST /users/{id}/assignLicense, inside a $batch or not. */
export function userLicenseWrites(stats: SimStats): number {
  return stats.requests['POST /users/{id}/assignLicense'] ?? 0;
}

/** Per product, how many users still hold it directly and how many hold it at all (pages every user, setup only). */
export async function holdersOf(sim: SimHandle, skuIds: readonly string[]): Promise<{ skuId: string; direct: number; holders: number }[]> {
  const out = skuIds.map((skuId) => ({ skuId, direct: 0, holders: 0 }));
  let url: string | undefined = `${sim.graphUrl}/users?$select=id,licenseAssignmentStates&$top=999`;
  while (url) {
    const r = await fetch(url);
    const j = (await r.json()) as {
      value: { licenseAssignmentStates?: { skuId: string; assignedByGroup: string | null; state: string }[] }[];
      '@odata.nextLink'?: string;
    };
    for (const u of j.value) {
      for (const count of out) {
        const states = (u.licenseAssignmentStates ?? []).filter((s) => s.skuId.toLowerCase() === count.skuId.toLowerCase());
        if (states.some((s) => s.assignedByGroup === null)) count.direct++;
        if (states.some((s) => s.state === 'Active')) count.holders++;
      }
    }
    url = j['@odata.nextLink'];
  }
  return out;
}
