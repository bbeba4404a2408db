import type { LicenseChange, Tenant } from './tenant';

export interface Violation {
  userId: string;
  userPrincipalName: string;
  skuId: string;
  skuPartNumber: string;
  lostPlans: { servicePlanId: string; servicePlanName: string }[];
  at: string;
  cause: string;
}

/**
 * The "no user ever loses a service" monitor: records every moment a client call (directly or through
 * the group processing it started) shrank a user's enabled plans of a SKU. A plan still enabled through
 * another SKU is not a loss. Changes made by the legacy automation (leavers) are not the client's.
 */
export class InvariantMonitor {
  readonly violations: Violation[] = [];

  constructor(private readonly tenant: Tenant) {}

  observe(change: LicenseChange): void {
    if (!change.ctx.clientCaused || change.onlyAdded()) return;
    const afterAll = change.after();
    const stillEnabled = new Set<string>();
    for (const set of afterAll.values()) for (const p of set) stillEnabled.add(p);
    for (const [skuId, before] of change.before()) {
      const after = afterAll.get(skuId);
      const lost = [...before].filter((p) => !after?.has(p) && !stillEnabled.has(p));
      if (!lost.length) continue;
      const sku = this.tenant.skus.get(skuId);
      this.violations.push({
        userId: change.user.id,
        userPrincipalName: change.user.userPrincipalName,
        skuId,
        skuPartNumber: sku?.skuPartNumber ?? '',
        lostPlans: lost.map((id) => ({ servicePlanId: id, servicePlanName: this.tenant.planIndex.get(id)?.plan.servicePlanName ?? id })),
        at: new Date().toISOString(),
        cause: change.ctx.cause,
      });
    }
  }
}
