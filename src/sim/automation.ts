import { mulberry32, type TenantFixture } from './fixture';
import type { ChangeContext, Tenant } from './tenant';

const CTX_JOIN: ChangeContext = { actor: 'automation', cause: 'legacy automation: joiner', clientCaused: false };
const CTX_LEAVE: ChangeContext = { actor: 'automation', cause: 'legacy automation: leaver', clientCaused: false };

export interface AutomationStatus {
  configured: boolean;
  enabled: boolean;
  intervalMs: number | null;
  joiners: string[];
  leavers: string[];
}

/**
 * The customer's legacy licensing script that keeps running during a migration: joiners get a direct
 * license (and no group), leavers lose their direct license and are disabled.
 */
export class Automation {
  private timer: NodeJS.Timeout | null = null;
  private readonly rng = mulberry32(4242);
  private seq = 0;
  readonly joiners: string[] = [];
  readonly leavers: string[] = [];

  constructor(
    private readonly tenant: Tenant,
    private readonly config: TenantFixture['automation'],
  ) {}

  get configured(): boolean {
    return !!this.config?.intervalMs && !!this.config.license;
  }

  setEnabled(on: boolean): void {
    if (!on || !this.configured) {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      return;
    }
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.config!.intervalMs!);
    this.timer.unref();
  }

  status(): AutomationStatus {
    return {
      configured: this.configured,
      enabled: !!this.timer,
      intervalMs: this.config?.intervalMs ?? null,
      joiners: [...this.joiners],
      leavers: [...this.leavers],
    };
  }

  /** One round of joiners and leavers (public so tests can drive it without waiting). */
  tick(): void {
    const cfg = this.config;
    if (!cfg?.license) return;
    const skuId = cfg.license.skuId.toLowerCase();
    for (let i = 0; i < cfg.leaversPerTick; i++) {
      const list = this.tenant.userList;
      if (!list.length) break;
      const start = Math.floor(this.rng() * list.length);
      for (let k = 0; k < list.length; k++) {
        const u = list[(start + k) % list.length];
        if (!u.accountEnabled || !u.paths.some((p) => p.skuId === skuId && p.assignedByGroup === null)) continue;
        try {
          this.tenant.assignUserLicense(u, { addLicenses: [], removeLicenses: [skuId] }, CTX_LEAVE);
          // Through the tenant, so a dynamic group that reads accountEnabled lets the leaver go.
          this.tenant.updateUser(u, { accountEnabled: false }, CTX_LEAVE);
          this.leavers.push(u.id);
        } catch {
          // e.g. a dependency blocks the removal; the script tries another leaver next time
          continue;
        }
        break;
      }
    }
    for (let i = 0; i < cfg.joinersPerTick; i++) {
      const n = ++this.seq;
      const user = this.tenant.createUser(
        {
          userPrincipalName: `joiner${n}.${Date.now().toString(36)}@${this.tenant.domain}`,
          displayName: `Joiner ${n}`,
          usageLocation: this.tenant.defaultUsageLocation ?? 'US',
        },
        CTX_JOIN,
      );
      this.joiners.push(user.id);
      try {
        this.tenant.assignUserLicense(
          user,
          { addLicenses: [{ skuId, disabledPlans: cfg.license.disabledPlans }], removeLicenses: [] },
          CTX_JOIN,
        );
      } catch {
        // no free units: the joiner stays unlicensed, as the real script's failed call would leave them
      }
    }
  }

  close(): void {
    this.setEnabled(false);
  }
}
