import { randomUUID } from 'node:crypto';
import type { Actor } from './tenant';

export const SYSTEM_ACTOR = 'Microsoft Entra Group-Based Licensing';
const CLIENT_APP = { appId: '00000000-0000-0000-0000-00000000c11e', displayName: 'Graph API client', servicePrincipalId: null, servicePrincipalName: null };
const AUTOMATION_APP = { appId: '00000000-0000-0000-0000-0000000a0707', displayName: 'Legacy licensing automation', servicePrincipalId: null, servicePrincipalName: null };

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
  initiatedBy: { user: null; app: { appId: string | null; displayName: string; servicePrincipalId: string | null; servicePrincipalName: string | null } };
  targetResources: {
    id: string;
    displayName: string | null;
    type: 'User' | 'Group';
    userPrincipalName: string | null;
    modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
  }[];
  additionalDetails: { key: string; value: string }[];
  /** Epoch ms when the record becomes visible (Entra's audit latency). */
  visibleAt: number;
}

export interface AuditInput {
  activity: string;
  category: AuditRecord['category'];
  actor: Actor;
  operationType?: string;
  target: AuditRecord['targetResources'][number];
  extraTargets?: AuditRecord['targetResources'];
  result?: 'success' | 'failure';
  details?: { key: string; value: string }[];
}

/** Directory audit log with Entra's reporting latency. */
export class AuditLog {
  private readonly records: AuditRecord[] = [];

  constructor(private readonly delayMs: () => number) {}

  add(input: AuditInput): void {
    const at = Date.now();
    const app = input.actor === 'system' ? { appId: null, displayName: SYSTEM_ACTOR, servicePrincipalId: null, servicePrincipalName: null } : input.actor === 'automation' ? AUTOMATION_APP : CLIENT_APP;
    this.records.push({
      id: `Directory_${randomUUID()}`,
      category: input.category,
      correlationId: randomUUID(),
      result: input.result ?? 'success',
      resultReason: '',
      activityDisplayName: input.activity,
      activityDateTime: new Date(at).toISOString(),
      loggedByService: 'Core Directory',
      operationType: input.operationType ?? 'Update',
      initiatedBy: { user: null, app },
      targetResources: [input.target, ...(input.extraTargets ?? [])],
      additionalDetails: input.details ?? [],
      visibleAt: at + this.delayMs(),
    });
  }

  /** Records visible now, newest first (Graph's default order). */
  visible(now = Date.now()): AuditRecord[] {
    const out: AuditRecord[] = [];
    for (let i = this.records.length - 1; i >= 0; i--) if (this.records[i].visibleAt <= now) out.push(this.records[i]);
    return out;
  }

  size(): number {
    return this.records.length;
  }
}

export function publicRecord(r: AuditRecord): Omit<AuditRecord, 'visibleAt'> {
  const { visibleAt: _v, ...rest } = r;
  return rest;
}
