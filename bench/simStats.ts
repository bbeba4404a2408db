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
