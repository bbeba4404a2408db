import type { AuditLog } from './audit';
import type { Automation } from './automation';
import type { MembershipProcessor } from './dynamicMembership';
import type { Behaviour } from './fixture';
import type { GroupProcessor } from './groupProcessing';
import type { InvariantMonitor } from './invariants';
import type { StatsRecorder } from './stats';
import type { ChangeContext, Tenant } from './tenant';
import type { Throttle } from './throttle';
import type { Triggers } from './triggers';

/** Everything route handlers need: the tenant and the services around it. */
export interface SimState {
  tenant: Tenant;
  processor: GroupProcessor;
  membership: MembershipProcessor;
  audit: AuditLog;
  invariants: InvariantMonitor;
  stats: StatsRecorder;
  throttle: Throttle;
  automation: Automation;
  triggers: Triggers;
  behaviour: Behaviour;
}

export const clientCtx = (cause: string): ChangeContext => ({ actor: 'client', cause, clientCaused: true });
