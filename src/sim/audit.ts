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
export interface Stored {
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

  /**
   * The records written up to `now`, newest first (or oldest first), read in place: a million-user tenant's log holds
   * millions of records, and a page must not copy them all. Records are appended in time order, so they are a prefix
   * of the log and keep their positions while newer ones arrive. Some may not be visible yet (`isVisible`).
   */
  writtenBy(now: number, newestFirst: boolean): { length: number; at(i: number): Stored | undefined } {
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.records[mid].at <= now) lo = mid + 1;
      else hi = mid;
    }
    const length = lo;
    const records = this.records;
    return { length, at: (i) => records[newestFirst ? length - 1 - i : i] };
  }

  /** Whether a record had reached the log's readers by `now` (Entra's reporting latency). */
  isVisible(r: Stored, now: number): boolean {
    return r.visibleAt <= now;
  }

  /** The epoch ms a record was written. */
  writtenAt(r: Stored): number {
    return r.at;
  }

  /** One property of a record's Graph shape, built alone for the two a filter names most. */
  property(r: Stored, prop: string): unknown {
    if (prop === 'activityDateTime') return new Date(r.at).toISOString();
    if (prop === 'activityDisplayName') return r.input.activity;
    return (this.view(r) as unknown as Record<string, unknown>)[prop];
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
