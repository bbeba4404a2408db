import type {
  AssignedLicense,
  AuditEvent,
  GroupInfo,
  GroupMember,
  LicenseAssignmentState,
  MembershipProcessing,
  Sku,
  UserLicenses,
} from './types';

/** Fields read for every user, so one fresh read is enough to classify them. */
export const USER_FIELDS = [
  'id',
  'userPrincipalName',
  'displayName',
  'usageLocation',
  'accountEnabled',
  'assignedLicenses',
  'licenseAssignmentStates',
];
/** Fields read for group members: @odata.type comes with every directoryObject. */
export const MEMBER_FIELDS = ['id', 'userPrincipalName', 'displayName', 'usageLocation', 'assignedLicenses', 'licenseAssignmentStates'];
export const GROUP_FIELDS = [
  'id',
  'displayName',
  'securityEnabled',
  'mailEnabled',
  'groupTypes',
  'membershipRule',
  'membershipRuleProcessingState',
  'assignedLicenses',
  'licenseProcessingState',
  'hasMembersWithLicenseErrors',
];

type Raw = Record<string, unknown>;

// SKU and plan ids, group ids, states and timestamps repeat across every user of a 100,000-user page
// walk; sharing one copy of each keeps classification of a large tenant in a few hundred MB.
const shared = new Map<string, string>();
const SHARED_LIMIT = 50_000;
function intern(v: string): string {
  const known = shared.get(v);
  if (known !== undefined) return known;
  if (shared.size >= SHARED_LIMIT) shared.clear();
  shared.set(v, v);
  return v;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const sharedStr = (v: unknown): string => intern(str(v));
const sharedStrOrNull = (v: unknown): string | null => (typeof v === 'string' ? intern(v) : null);
const sharedList = (v: unknown): string[] => arr(v).map((x) => intern(String(x)));
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function toAssignedLicense(v: unknown): AssignedLicense {
  const r = (v ?? {}) as Raw;
  return { skuId: sharedStr(r.skuId), disabledPlans: sharedList(r.disabledPlans) };
}

function toAssignmentState(v: unknown): LicenseAssignmentState {
  const r = (v ?? {}) as Raw;
  return {
    skuId: sharedStr(r.skuId),
    disabledPlans: sharedList(r.disabledPlans),
    assignedByGroup: sharedStrOrNull(r.assignedByGroup),
    state: sharedStr(r.state) || 'Active',
    // Docs say null on success; real tenants send "None".
    error: sharedStr(r.error) || 'None',
    lastUpdatedDateTime: sharedStrOrNull(r.lastUpdatedDateTime),
  };
}

/** A Graph user object as UserLicenses. */
export function toUser(v: unknown): UserLicenses {
  const r = (v ?? {}) as Raw;
  const user: UserLicenses = {
    id: str(r.id),
    userPrincipalName: str(r.userPrincipalName),
    displayName: strOrNull(r.displayName),
    usageLocation: sharedStrOrNull(r.usageLocation),
    assignedLicenses: arr(r.assignedLicenses).map(toAssignedLicense),
    licenseAssignmentStates: arr(r.licenseAssignmentStates).map(toAssignmentState),
  };
  if (typeof r.accountEnabled === 'boolean') user.accountEnabled = r.accountEnabled;
  return user;
}

/** The Graph fields to $select so that the rule properties can be read back with `toDirectory`. */
export function directoryFields(properties: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const p of properties) {
    if (/^extensionAttribute\d+$/.test(p)) out.add('onPremisesExtensionAttributes');
    else if (p === 'objectId') out.add('id');
    else out.add(p);
  }
  return [...out];
}

/** A user's directory attributes by rule property name, from a Graph user read with `directoryFields`. */
export function toDirectory(v: unknown, properties: Iterable<string>): Record<string, string | boolean | null> {
  const r = (v ?? {}) as Raw;
  const ext = (r.onPremisesExtensionAttributes ?? {}) as Raw;
  const out: Record<string, string | boolean | null> = {};
  for (const p of properties) {
    const raw = /^extensionAttribute\d+$/.test(p) ? ext[p] : p === 'objectId' ? r.id : r[p];
    out[p] = typeof raw === 'string' || typeof raw === 'boolean' ? raw : null;
  }
  return out;
}

/** A Graph beta membershipRuleProcessingStatus as MembershipProcessing. */
export function toMembershipProcessing(v: unknown): MembershipProcessing | null {
  const r = v as Raw | null | undefined;
  if (!r || typeof r !== 'object') return null;
  return { status: strOrNull(r.status), errorMessage: strOrNull(r.errorMessage) };
}

/** A Graph group object as GroupInfo. */
export function toGroup(v: unknown): GroupInfo {
  const r = (v ?? {}) as Raw;
  const lps = r.licenseProcessingState as { state?: unknown } | null | undefined;
  const group: GroupInfo = {
    id: str(r.id),
    displayName: str(r.displayName),
    securityEnabled: r.securityEnabled === true,
    mailEnabled: r.mailEnabled === true,
    groupTypes: arr(r.groupTypes).map(String),
    membershipRule: strOrNull(r.membershipRule),
    membershipRuleProcessingState: strOrNull(r.membershipRuleProcessingState),
    assignedLicenses: arr(r.assignedLicenses).map(toAssignedLicense),
    licenseProcessingState: lps && typeof lps.state === 'string' ? lps.state : null,
  };
  if (typeof r.hasMembersWithLicenseErrors === 'boolean') group.hasMembersWithLicenseErrors = r.hasMembersWithLicenseErrors;
  return group;
}

/** A directoryObject from /members as user, group or other, by its @odata.type. */
export function toMember(v: unknown): GroupMember {
  const r = (v ?? {}) as Raw;
  const type = str(r['@odata.type']).replace(/^#/, '');
  if (type === 'microsoft.graph.user') return { kind: 'user', ...toUser(r) };
  if (type === 'microsoft.graph.group') return { kind: 'group', id: str(r.id), displayName: strOrNull(r.displayName) };
  return { kind: 'other', id: str(r.id), odataType: type || 'unknown' };
}

/** A subscribedSku as Sku. */
export function toSku(v: unknown): Sku {
  const r = (v ?? {}) as Raw;
  const pu = (r.prepaidUnits ?? {}) as Raw;
  const n = (x: unknown) => (typeof x === 'number' ? x : 0);
  return {
    skuId: str(r.skuId),
    skuPartNumber: str(r.skuPartNumber),
    ...(typeof r.displayName === 'string' ? { displayName: r.displayName } : {}),
    ...(typeof r.appliesTo === 'string' ? { appliesTo: r.appliesTo } : {}),
    ...(typeof r.capabilityStatus === 'string' ? { capabilityStatus: r.capabilityStatus } : {}),
    consumedUnits: n(r.consumedUnits),
    prepaidUnits: { enabled: n(pu.enabled), suspended: n(pu.suspended), warning: n(pu.warning), lockedOut: n(pu.lockedOut) },
    servicePlans: arr(r.servicePlans).map((p) => {
      const sp = (p ?? {}) as Raw;
      return {
        servicePlanId: str(sp.servicePlanId),
        servicePlanName: str(sp.servicePlanName),
        appliesTo: str(sp.appliesTo) || 'User',
        ...(typeof sp.provisioningStatus === 'string' ? { provisioningStatus: sp.provisioningStatus } : {}),
      };
    }),
  };
}

/** A directoryAudit as AuditEvent (only the fields the migration reads). */
export function toAuditEvent(v: unknown): AuditEvent {
  const r = (v ?? {}) as Raw;
  const ev: AuditEvent = {
    id: str(r.id),
    activityDateTime: str(r.activityDateTime),
    activityDisplayName: str(r.activityDisplayName),
    targetResources: arr(r.targetResources).map((t) => {
      const tr = (t ?? {}) as Raw;
      return {
        id: str(tr.id),
        ...(typeof tr.type === 'string' ? { type: tr.type } : {}),
        displayName: strOrNull(tr.displayName),
        userPrincipalName: strOrNull(tr.userPrincipalName),
      };
    }),
  };
  if (typeof r.category === 'string') ev.category = r.category;
  if (typeof r.result === 'string') ev.result = r.result;
  if (typeof r.resultReason === 'string') ev.resultReason = r.resultReason;
  if (r.initiatedBy && typeof r.initiatedBy === 'object') ev.initiatedBy = r.initiatedBy as AuditEvent['initiatedBy'];
  return ev;
}
