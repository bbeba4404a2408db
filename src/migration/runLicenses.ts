import type { LicensingGraph } from '../graph/licensingGraph';
import type { Sku, UserLicenses } from '../graph/types';
import type { JournalEntry, LicenseUndo, ReliedOnGroup, Run, RunLicense, UserClassification } from './types';
import { cohortKey } from './cohorts';
import { resolveSku } from './discovery';
import { productNames, skuProductName, type NamedProduct } from './skuNames';
import type { EngineContext } from './context';

/** The products a run moves: its licenses, or the one SKU of a run made before runs had several. */
export function runLicenses(
  run: Pick<Run, 'skuId' | 'skuPartNumber' | 'disabledPlans' | 'licenses'> & Partial<Pick<Run, 'skuDisplayName'>>,
): RunLicense[] {
  if (run.licenses?.length) return run.licenses;
  const name = run.skuDisplayName ? { displayName: run.skuDisplayName } : {};
  return [{ skuId: run.skuId, skuPartNumber: run.skuPartNumber, ...name, disabledPlans: run.disabledPlans }];
}

/** Whether the run was made from a license profile: its cohort is exactly the users whose direct licenses are its set. */
export function isProfileRun(run: Pick<Run, 'licenses'>): boolean {
  return !!run.licenses?.length;
}

/** Every product the user holds directly, with its disabled plans, as cohort keys (skuId:plans), sorted. */
export function directLicenseKeys(user: UserLicenses): string[] {
  const states = user.licenseAssignmentStates ?? [];
  const keys = new Set<string>();
  if (states.length === 0) {
    // Without assignment states every assigned license can only be direct.
    for (const l of user.assignedLicenses) keys.add(cohortKey(l.skuId, l.disabledPlans ?? []));
  } else {
    for (const s of states) if (!s.assignedByGroup) keys.add(cohortKey(s.skuId, s.disabledPlans ?? []));
  }
  return [...keys].sort();
}

/** The cohort keys of products with their disabled plans, sorted: what directLicenseKeys gives for their holder. */
export function licenseKeys(licenses: readonly { skuId: string; disabledPlans: readonly string[] }[]): string[] {
  return licenses.map((l) => cohortKey(l.skuId, l.disabledPlans)).sort();
}

/** The cohort keys of a profile run's licenses, sorted: what directLicenseKeys gives for a user of its cohort. */
export function profileKeys(run: Pick<Run, 'skuId' | 'skuPartNumber' | 'disabledPlans' | 'licenses'>): string[] {
  return licenseKeys(runLicenses(run));
}

/**
 * A classification for one product of a run of several: the groups relied on are tagged with the product (each is
 * checked against its own product's plans) and gains are named with it (a plan name such as YAMMER_ENTERPRISE is in
 * several products, and a gain is accepted for its product). Changed in place; a run of one product keeps it as is.
 */
export function tagForProduct(
  c: Pick<UserClassification, 'reliesOn' | 'gainedPlans'>,
  sku: Pick<Sku, 'skuId' | 'skuPartNumber'>,
  several: boolean,
): void {
  if (!several) return;
  if (c.reliesOn?.length) c.reliesOn = c.reliesOn.map((r) => ({ ...r, skuId: sku.skuId }));
  if (c.gainedPlans?.length) c.gainedPlans = productPlans(sku.skuPartNumber, c.gainedPlans);
}

/** The direct licenses (cohort keys, sorted) of the users a profile run moves: its products', or a merged profile's. */
export function runCohortKeys(run: Pick<Run, 'skuId' | 'skuPartNumber' | 'disabledPlans' | 'licenses' | 'cohortKeys'>): string[] {
  return run.cohortKeys?.length ? run.cohortKeys : profileKeys(run);
}

/** Whether the user holds directly exactly the profile run's products with its plans, and nothing else. */
export function inProfile(keys: readonly string[], user: UserLicenses): boolean {
  const mine = directLicenseKeys(user);
  return mine.length === keys.length && mine.every((k, i) => k === keys[i]);
}

/** The run's products as the tenant describes them (plans and names), in the run's order. */
export async function runSkus(
  graph: LicensingGraph,
  run: Pick<Run, 'skuId' | 'skuPartNumber' | 'disabledPlans' | 'licenses'>,
): Promise<Sku[]> {
  return Promise.all(runLicenses(run).map((l) => resolveSku(graph, l.skuId)));
}

/** Every direct assignment a journal entry's change touched (one write may remove several products). */
export function undosOf(e: Pick<JournalEntry, 'undo' | 'undoAll'>): LicenseUndo[] {
  if (e.undoAll?.length) return e.undoAll;
  return e.undo ? [e.undo] : [];
}

/** How a journal entry records the direct assignments of one change: `undo` always, `undoAll` when there are several. */
export function undoFields(undos: readonly LicenseUndo[]): Pick<JournalEntry, 'undo' | 'undoAll'> {
  return undos.length > 1 ? { undo: undos[0], undoAll: [...undos] } : { undo: undos[0] };
}

/** The product a relied-on group's plans belong to: its own, or the run's first when it names none. */
export function reliedOnSku(r: Pick<ReliedOnGroup, 'skuId'>, run: Pick<Run, 'skuId'>): string {
  return (r.skuId ?? run.skuId).toLowerCase();
}

/**
 * The products of a run as cards and bot messages name them (skuProductName): "Office 365 E3", or "Office 365 E3 +
 * Enterprise Mobility + Security E3" for a profile. A run stored without display names uses the known names.
 */
export function runProductNames(run: Pick<Run, 'skuPartNumber'> & Partial<Pick<Run, 'licenses' | 'skuDisplayName'>>): string {
  return run.licenses?.length ? productNames(run.licenses) : skuProductName(run);
}

/**
 * A product a reason names (by part number, or by id where the engine had only that) as cards name it: one of the
 * run's products by its name (skuProductName: Graph's display name, the known names), any other by the known names,
 * else as written.
 */
export function runProductName(
  run: Partial<Pick<Run, 'skuId' | 'skuPartNumber' | 'skuDisplayName' | 'licenses'>> | undefined,
  sku: string,
): string {
  const key = sku.trim().toLowerCase();
  type Named = NamedProduct & { skuId?: string };
  const one: Named[] = run?.skuPartNumber
    ? [{ skuId: run.skuId, skuPartNumber: run.skuPartNumber, skuDisplayName: run.skuDisplayName }]
    : [];
  const products: readonly Named[] = run?.licenses?.length ? run.licenses : one;
  const own = products.find((p) => p.skuId?.toLowerCase() === key || p.skuPartNumber.toLowerCase() === key);
  return skuProductName(own ?? { skuPartNumber: sku });
}

/**
 * Per product of the run (in its order), how many users no longer hold it directly because of the run (its removals,
 * less what was restored since: after a removal, in the settle check or by rollback), and how many of the users the
 * run still took something from kept that product directly. One pass over the journal, one small number per user.
 */
export async function removedBySku(ctx: Pick<EngineContext, 'journal'>, run: Run): Promise<{ removed: number[]; kept: number[] }> {
  const ids = runLicenses(run).map((l) => l.skuId.toLowerCase());
  const bitOf = (skuId: string) => {
    const i = ids.indexOf(skuId.toLowerCase());
    return i < 0 ? 0 : 2 ** i;
  };
  const gone = new Map<string, number>();
  for await (const e of ctx.journal.entries(run.id)) {
    if (!e.userId || (e.kind !== 'license.removed' && e.kind !== 'license.restored')) continue;
    let mask = gone.get(e.userId) ?? 0;
    for (const u of undosOf(e)) mask = e.kind === 'license.removed' ? mask | bitOf(u.skuId) : mask & ~bitOf(u.skuId);
    gone.set(e.userId, mask);
  }
  const removed = ids.map(() => 0);
  const kept = ids.map(() => 0);
  // A user everything was given back to (restored, rolled back) counts for no product.
  for (const mask of gone.values()) if (mask) ids.forEach((_, i) => ((mask >> i) & 1 ? removed[i]++ : kept[i]++));
  return { removed, kept };
}

/** Plan names qualified by their product ("ENTERPRISEPACK YAMMER_ENTERPRISE"), for runs of several products. */
export function productPlans(skuPartNumber: string, plans: readonly string[]): string[] {
  return plans.map((p) => `${skuPartNumber} ${p}`);
}
