import type { LicenseProfile } from '../../src/migration/profiles';
import { APPROVER, E3, type Harness } from './engineHarness';

/** Fabrikam's products besides E3 (fixtures/license-profiles.json), and the plan its E3-without-Yammer profile switches off. */
export const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';
export const PBI = 'f8a1db68-be16-40ed-86d5-cb42ce701560';
export const YAMMER = '7547a3fe-08ee-4ccb-b430-5077c5041653';

/** The group a profile's run asks for: the existing group proposed, or the new name. */
export const groupOf = (p: LicenseProfile) =>
  p.group.kind === 'existing' ? { id: p.group.groupId } : { createWithName: p.group.displayName };

/**
 * The run of Fabrikam's largest profile (E3 + EMS): prepared, verified, planned with a canary of `canarySize`, and its
 * first batch approved. Returns the run as stored now, that batch, its users in order and the profile.
 */
export async function approvedProfileRun(h: Harness, canarySize = 100) {
  const profile = (await h.engine.licensePlan()).profiles[0];
  expect(profile.licenses.map((l) => l.skuId)).toEqual([E3, EMS]);
  const created = await h.engine.createRun({ requestedBy: 'admin-1', skuId: '', profileKey: profile.key, group: groupOf(profile) });
  await h.engine.prepare(created.id);
  await h.engine.verify(created.id);
  const [batch] = (await h.engine.planBatches(created.id, { canarySize })).batches;
  await h.engine.decideBatch(created.id, batch.id, APPROVER);
  const users = await h.runs.readUserList(created.id, batch.listId!);
  return { run: (await h.engine.getRun(created.id))!, batch, users, profile };
}
