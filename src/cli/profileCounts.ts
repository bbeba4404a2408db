import type { LicensingGraph } from '../graph/licensingGraph';
import type { Sku } from '../graph/types';
import { profilesOfPass, type ProfileLicense } from '../migration/profiles';
import { readRetry } from '../migration/readRetry';

/** A license profile as the verify command picks it: numbered as the `plan` command numbers it (1 = the largest). */
export interface CountedProfile {
  number: number;
  key: string;
  /** Users who hold exactly this set of (SKU, disabled plans) directly. */
  users: number;
  licenses: ProfileLicense[];
}

/**
 * The tenant's license profiles with their user counts (and the subscribed SKUs they were read against), in the order of planTenantLicenses (most users first, then
 * by key). Reads every user SKU's holders as that does, but keeps a count per profile instead of an entry per user:
 * each user's read carries all their assignment states, so they are counted once, in the pass of the first SKU of
 * their profile, and a million users need no more memory than a page.
 */
export async function countProfiles(graph: LicensingGraph): Promise<{ skus: Sku[]; profiles: CountedProfile[] }> {
  const skus = await readRetry(() => graph.listSkus());
  const counted = new Map<string, { users: number; licenses: ProfileLicense[] }>();
  for (const sku of skus.filter((s) => !s.appliesTo || s.appliesTo === 'User')) {
    // A pass read again after a transient failure starts its count again rather than adding its users twice.
    const pass = await readRetry(async () => {
      const found = new Map<string, { users: number; licenses: ProfileLicense[] }>();
      await profilesOfPass(graph, sku, skus, (_user, profile) => {
        const entry = found.get(profile.key) ?? { users: 0, licenses: profile.licenses };
        entry.users++;
        found.set(profile.key, entry);
      });
      return found;
    });
    // A profile is counted in one pass only: the one of its first SKU.
    for (const [key, entry] of pass) counted.set(key, entry);
  }
  const profiles = [...counted.entries()]
    .map(([key, e]) => ({ key, users: e.users, licenses: e.licenses }))
    .sort((a, b) => b.users - a.users || a.key.localeCompare(b.key))
    .map((p, i) => ({ number: i + 1, ...p }));
  return { skus, profiles };
}
