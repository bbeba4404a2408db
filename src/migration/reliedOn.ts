import type { LicensingGraph } from '../graph/licensingGraph';
import type { ReliedOnSummary, UserClassification } from './types';
import { readRetry } from './readRetry';

/** Other groups a card names ("12 users also rely on E3 without Yammer for SWAY"); the rest are counted in none. */
export const RELIED_ON_SHOWN = 10;

/**
 * Counts, per other group, the users who rely on it (union coverage) and for which plans. Holds one entry per
 * group, never per user, so a million-user verification streams through it.
 */
export class ReliedOnTally {
  private readonly groups = new Map<string, { groupId: string; users: number; plans: Set<string> }>();

  /** Counts one classified user's other groups. */
  add(user: Pick<UserClassification, 'reliesOn'>): void {
    // A user relying on one group for plans of two products (a run of several) is one user of that group.
    const counted = new Set<string>();
    for (const r of user.reliesOn ?? []) {
      const key = r.groupId.toLowerCase();
      let g = this.groups.get(key);
      if (!g) this.groups.set(key, (g = { groupId: r.groupId, users: 0, plans: new Set() }));
      if (!counted.has(key)) g.users++;
      counted.add(key);
      for (const p of r.plans) g.plans.add(p);
    }
  }

  /** The groups most users rely on, most first, up to `limit`; plans in name order. */
  top(limit = RELIED_ON_SHOWN): ReliedOnSummary[] {
    return [...this.groups.values()]
      .sort((a, b) => b.users - a.users || a.groupId.localeCompare(b.groupId))
      .slice(0, limit)
      .map((g) => ({ groupId: g.groupId, users: g.users, plans: [...g.plans].sort() }));
  }
}

/** The summaries with each group's display name, where it can be read (a name is for people; none is no failure). */
export async function nameReliedOn(graph: LicensingGraph, summaries: ReliedOnSummary[]): Promise<ReliedOnSummary[]> {
  return Promise.all(
    summaries.map(async (s) => {
      try {
        const g = await readRetry(() => graph.getGroup(s.groupId));
        return g ? { ...s, groupDisplayName: g.displayName } : s;
      } catch {
        return s;
      }
    }),
  );
}
