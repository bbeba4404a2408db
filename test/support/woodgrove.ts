import { fixture, startHarness, E3, type Harness } from './engineHarness';
import type { Run } from '../../src/migration/types';

/**
 * Woodgrove (fixtures/dynamic-groups.json): a dynamic Sales group whose rule matches ten Sales users, and direct E3
 * holders it does not match.
 */
export const woodgroveUser = (n: number) => `00000000-0000-0b00-0000-${n.toString(16).padStart(12, '0')}`;
export const SALES_GROUP = '00000000-0000-0b01-0000-000000000001';
export const SALES = Array.from({ length: 10 }, (_, i) => woodgroveUser(i + 1));

/** Woodgrove whose membership follows an attribute change within 2 s: time enough to remove a direct assignment in between. */
export function slowMembershipWoodgrove(): Promise<Harness> {
  return startHarness(
    fixture('dynamic-groups.json', (f) => {
      f.behaviour.membershipProcessingDelayMs = 2000;
    }),
  );
}

/** The E3 run into the Sales group, prepared, verified and planned (nothing approved). */
export async function plannedSalesRun(h: Harness): Promise<Run> {
  const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: E3, group: { id: SALES_GROUP } });
  await h.engine.prepare(run.id);
  await h.engine.verify(run.id);
  await h.engine.planBatches(run.id);
  return run;
}
