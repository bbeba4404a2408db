import type { Actor } from './tenant';

export const SYSTEM_ACTOR = 'Microsoft Entra Group-Based Licensing';
const CLIENT_APP = { appId: '00000000-0000-0000-0000-00000000c11e', displayName: 'Graph API client' };
const AUTOMATION_APP = { appId: '00000000-0000-0000-0000-0000000a0707', displayName: 'Legacy licensing automation' };

type Target = {
  id: string;
  displayName: string | null;
  type: 'User' | 'Group';
  userPrincipalName: string | null;
  modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
};

export interface AuditRecord {
  id: string;
  category: 'UserManagement' | 'GroupManagement';
  correlationId: string;
  result: 'success' | 'failure';
  resultReason: string;
  activityDisplayName: string;
  activityDateTime: string;
  loggedByService: 'Core Directory';
  operationType: string;
  initiatedBy: {
    user: null;
    app: { appId: string | null; displayName: string; servicePrincipalId: string | null; servicePrincipalName: string | null };
  };
  targetResources: Target[];
  additionalDetails: { key: string; value: string }[];
}

export interface AuditInput {
  activity: string;
  category: AuditRecord['category'];
  actor: Actor;
  operationType?: string;
  target: Target;
  extraTargets?: Target[];
  result?: 'success' | 'failure';
  details?: { key: string; value: string }[];
  /** Display name of the system actor when it is not group-based licensing (e.g. dynamic membership processing). */
  systemActor?: string;
}

/** Stored compactly: group processing of a large tenant writes hundreds of thousands of records. */
interface Stored {
  seq: number;
  at: number;
  visibleAt: number;
  input: AuditInput;
}

/** Directory audit log with Entra's reporting latency. */
export class AuditLog {
  private readonly records: Stored[] = [];
  private seq = 0;
  private readonly base = Date.now().toString(16).padStart(12, '0').slice(-12);

  constructor(private readonly delayMs: () => number) {}

  add(input: AuditInput): void {
    const at = Date.now();
    this.records.push({ seq: ++this.seq, at, visibleAt: at + this.delayMs(), input });
  }

  /** Records visible at `now`, newest first (Graph's default order). */
  visible(now = Date.now()): Stored[] {
    const out: Stored[] = [];
    for (let i = this.records.length - 1; i >= 0; i--) if (this.records[i].visibleAt <= now) out.push(this.records[i]);
    return out;
  }

  size(): number {
    return this.records.length;
  }

  /** The Graph directoryAudit shape of a stored record. */
  view(r: Stored): AuditRecord {
    const i = r.input;
    const seqHex = r.seq.toString(16).padStart(12, '0');
    const app =
      i.actor === 'system'
        ? { appId: null, displayName: i.systemActor ?? SYSTEM_ACTOR, servicePrincipalId: null, servicePrincipalName: null }
        : { ...(i.actor === 'automation' ? AUTOMATION_APP : CLIENT_APP), servicePrincipalId: null, servicePrincipalName: null };
    return {
      id: `Directory_${this.base.slice(0, 8)}-0000-4000-8000-${seqHex}`,
      category: i.category,
      correlationId: `${this.base.slice(4, 12)}-0000-4000-9000-${seqHex}`,
      result: i.result ?? 'success',
      resultReason: '',
      activityDisplayName: i.activity,
      activityDateTime: new Date(r.at).toISOString(),
      loggedByService: 'Core Directory',
      operationType: i.operationType ?? 'Update',
      initiatedBy: { user: null, app },
      targetResources: [i.target, ...(i.extraTargets ?? [])],
      additionalDetails: i.details ?? [],
    };
  }
}
