import type { PendingWork } from './groupProcessing';
import type { LicenseChange, Path, Tenant } from './tenant';

export interface TimelineEvent {
  at: string;
  event: string;
  cause: string;
}

export interface Violation {
  userId: string;
  userPrincipalName: string;
  skuId: string;
  skuPartNumber: string;
  lostPlans: { servicePlanId: string; servicePlanName: string }[];
  at: string;
  /** The client call the loss is blamed on. */
  cause: string;
  /**
   * 'immediate': the client call itself shrank the services. 'afterProcessing': the client removed a direct
   * assignment while group processing for the user was still pending, and that processing then took services away.
   */
  kind: 'immediate' | 'afterProcessing';
  /** For 'afterProcessing': the pending change, the client's removal and the loss, in order. */
  timeline?: TimelineEvent[];
}

/** A client removal of a direct path whose safety depends on group processing that had not run yet. */
interface Guard {
  skuId: string;
  /** Plans of the SKU the user had right before the removal. */
  plans: Set<string>;
  /** Keys of the pending processing (license or dynamic membership) that will still look at the user. */
  pending: Set<string>;
  timeline: TimelineEvent[];
  cause: string;
}

const stamp = () => new Date().toISOString();

/**
 * The "no user ever loses a service" monitor. It records every moment a client call (directly or through
 * the group processing it started) shrank a user's enabled plans of a SKU, and every loss that group
 * processing causes later when a client removed the direct assignment while that processing was still
 * pending (a membership or group-license change not yet applied, or a dynamic group's evaluation of a member whose
 * attributes changed, followed by the license processing it starts): without the removal, the direct path
 * would have kept the services. A plan still enabled through another SKU is not a loss. Changes the
 * legacy automation or the test hook make on their own (a leaver losing a license) are not the client's.
 */
export class InvariantMonitor {
  readonly violations: Violation[] = [];
  private readonly guards = new Map<string, Guard[]>();

  constructor(
    private readonly tenant: Tenant,
    private readonly pendingFor: (userId: string) => PendingWork[] = () => [],
  ) {}

  observe(change: LicenseChange): void {
    this.checkGuards(change);
    if (!change.ctx.clientCaused || change.onlyAdded()) return;
    const stillEnabled = this.enabledAnywhere(change);
    let lostNow = false;
    for (const [skuId, before] of change.before()) {
      const after = change.after().get(skuId);
      const lost = [...before].filter((p) => !after?.has(p) && !stillEnabled.has(p));
      if (!lost.length) continue;
      lostNow = true;
      this.report(change, skuId, lost, change.ctx.cause, 'immediate');
    }
    if (!lostNow && change.ctx.actor === 'client') this.guardRemovals(change);
  }

  /**
   * Pending processing (`key`, see PendingWork) finished looking at a user: removals that waited on it are safe
   * from then on, unless it started more work for the user (`followUps`: a dynamic group dropped them, and license
   * processing will now remove the group's license), which the removal then waits on instead.
   */
  reconciled(key: string, userId: string, followUps: string[] = [], event?: TimelineEvent): void {
    const guards = this.guards.get(userId);
    if (!guards) return;
    for (const g of guards)
      if (g.pending.delete(key) && followUps.length) {
        for (const f of followUps) g.pending.add(f);
        if (event) g.timeline.push(event);
      }
    const open = guards.filter((g) => g.pending.size > 0);
    if (open.length) this.guards.set(userId, open);
    else this.guards.delete(userId);
  }

  private guardRemovals(change: LicenseChange): void {
    const removed = directSkus(change.beforePaths).filter((skuId) => !directSkus(change.afterPaths).includes(skuId));
    if (!removed.length) return;
    const pending = this.pendingFor(change.user.id);
    if (!pending.length) return;
    const at = stamp();
    for (const skuId of removed) {
      const plans = change.before().get(skuId);
      if (!plans?.size) continue;
      const timeline: TimelineEvent[] = pending.map((w) => ({
        at: w.queuedAt,
        event: `group ${w.groupId} queued for ${w.what}`,
        cause: w.cause,
      }));
      timeline.push({ at, event: 'direct assignment removed while that processing was pending', cause: change.ctx.cause });
      const list = this.guards.get(change.user.id) ?? [];
      list.push({ skuId, plans: new Set(plans), pending: new Set(pending.map((w) => w.key)), timeline, cause: change.ctx.cause });
      this.guards.set(change.user.id, list);
    }
  }

  private checkGuards(change: LicenseChange): void {
    const guards = this.guards.get(change.user.id);
    if (!guards) return;
    const stillEnabled = this.enabledAnywhere(change);
    const after = change.after();
    const open: Guard[] = [];
    for (const g of guards) {
      const lost = [...g.plans].filter((p) => !after.get(g.skuId)?.has(p) && !stillEnabled.has(p));
      if (!lost.length) {
        open.push(g);
        continue;
      }
      // Reported once: the guard closes with its violation.
      this.report(change, g.skuId, lost, g.cause, 'afterProcessing', [
        ...g.timeline,
        { at: stamp(), event: 'services lost', cause: change.ctx.cause },
      ]);
    }
    if (open.length) this.guards.set(change.user.id, open);
    else this.guards.delete(change.user.id);
  }

  private enabledAnywhere(change: LicenseChange): Set<string> {
    const out = new Set<string>();
    for (const set of change.after().values()) for (const p of set) out.add(p);
    return out;
  }

  private report(
    change: LicenseChange,
    skuId: string,
    lost: string[],
    cause: string,
    kind: Violation['kind'],
    timeline?: TimelineEvent[],
  ): void {
    const sku = this.tenant.skus.get(skuId);
    this.violations.push({
      userId: change.user.id,
      userPrincipalName: change.user.userPrincipalName,
      skuId,
      skuPartNumber: sku?.skuPartNumber ?? '',
      lostPlans: lost.map((id) => ({ servicePlanId: id, servicePlanName: this.tenant.planIndex.get(id)?.plan.servicePlanName ?? id })),
      at: stamp(),
      cause,
      kind,
      ...(timeline ? { timeline } : {}),
    });
  }
}

function directSkus(paths: Path[]): string[] {
  return paths.filter((p) => p.assignedByGroup === null && p.state !== 'Error').map((p) => p.skuId);
}
