// The baseline: Microsoft's PowerShell sample "remove direct licenses for users with group licenses",
// one user at a time — read the user's assignments, decide, remove the direct assignment, read back.
const SELECT = 'id,userPrincipalName,assignedLicenses,licenseAssignmentStates';

interface State {
  skuId: string;
  assignedByGroup: string | null;
  state: string;
  disabledPlans: string[];
}

interface UserBody {
  licenseAssignmentStates?: State[];
}

async function call(method: string, url: string, body?: unknown): Promise<{ status: number; json: UserBody | null }> {
  const r = await fetch(url, { method, headers: { 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  const t = await r.text();
  return { status: r.status, json: t ? JSON.parse(t) : null };
}

export interface BaselineResult {
  users: number;
  removed: number;
  skipped: number;
  ms: number;
}

/**
 * Sequential per-user remover over plain HTTP, as the PowerShell sample does it. The sample takes one SKU; for
 * several products an admin runs it once per product, so a user counts as removed when every product went.
 */
export async function runBaseline(
  graphUrl: string,
  userIds: string[],
  skuIds: readonly string[],
  groupId: string,
): Promise<BaselineResult> {
  const t0 = performance.now();
  const removedProducts = new Map<string, number>();
  for (const skuId of skuIds) {
    for (const id of userIds) {
      const u = await call('GET', `${graphUrl}/users/${id}?$select=${SELECT}`);
      const states: State[] = (u.json?.licenseAssignmentStates ?? []).filter((s: State) => s.skuId === skuId);
      const direct = states.find((s) => s.assignedByGroup === null);
      const inherited = states.find((s) => s.assignedByGroup === groupId && s.state === 'Active');
      // The sample's conservative plan check: the group path must not disable anything the direct path enables.
      if (!direct || !inherited || inherited.disabledPlans.some((p) => !direct.disabledPlans.includes(p))) continue;
      const r = await call('POST', `${graphUrl}/users/${id}/assignLicense`, { addLicenses: [], removeLicenses: [skuId] });
      if (r.status !== 200) continue;
      await call('GET', `${graphUrl}/users/${id}?$select=${SELECT}`);
      removedProducts.set(id, (removedProducts.get(id) ?? 0) + 1);
    }
  }
  const removed = userIds.filter((id) => removedProducts.get(id) === skuIds.length).length;
  return { users: userIds.length, removed, skipped: userIds.length - removed, ms: performance.now() - t0 };
}
