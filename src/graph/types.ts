/** Domain shapes of Microsoft Graph licensing data, as the rest of the bot sees them. */

export interface ServicePlan {
  servicePlanId: string;
  servicePlanName: string;
  appliesTo: 'User' | 'Company' | string;
  provisioningStatus?: string;
}

export interface Sku {
  skuId: string;
  skuPartNumber: string;
  displayName?: string;
  appliesTo?: string;
  capabilityStatus?: string;
  consumedUnits: number;
  prepaidUnits: { enabled: number; suspended: number; warning: number; lockedOut: number };
  servicePlans: ServicePlan[];
}

export interface AssignedLicense {
  skuId: string;
  disabledPlans: string[];
}

export type AssignmentStateName = 'Active' | 'ActiveWithError' | 'Disabled' | 'Error';
export type LicenseErrorCode =
  | 'None'
  | 'CountViolation'
  | 'MutuallyExclusiveViolation'
  | 'DependencyViolation'
  | 'ProhibitedInUsageLocationViolation'
  | 'UniquenessViolation'
  | 'Other';

/** One assignment path of one SKU: direct when assignedByGroup is null. */
export interface LicenseAssignmentState {
  skuId: string;
  disabledPlans: string[];
  assignedByGroup: string | null;
  state: AssignmentStateName | string;
  error: LicenseErrorCode | string;
  lastUpdatedDateTime?: string | null;
}

export interface UserLicenses {
  id: string;
  userPrincipalName: string;
  displayName?: string | null;
  usageLocation: string | null;
  accountEnabled?: boolean;
  assignedLicenses: AssignedLicense[];
  licenseAssignmentStates: LicenseAssignmentState[];
  /** Directory attributes a membership rule reads (by rule property name), when they were asked for. */
  directory?: DirectoryValues;
}

/** A user's directory attributes by membership-rule property name (`department`, `extensionAttribute3` …). */
export type DirectoryValues = Readonly<Record<string, string | boolean | null>>;

/** Progress of a dynamic group's membership evaluation (Graph beta's membershipRuleProcessingStatus). */
export interface MembershipProcessing {
  /** NotStarted, Running, Succeeded, Failed, or null when Graph gave none. */
  status: string | null;
  errorMessage: string | null;
}

export type LicenseProcessingStateName = 'QueuedForProcessing' | 'ProcessingInProgress' | 'ProcessingComplete' | string;

export interface GroupInfo {
  id: string;
  displayName: string;
  securityEnabled: boolean;
  mailEnabled: boolean;
  groupTypes: string[];
  membershipRule?: string | null;
  /** Dynamic groups: On, or Paused when the rule is not evaluated at all. */
  membershipRuleProcessingState?: string | null;
  /** Dynamic groups: whether Entra has finished applying the rule (read from Graph beta). */
  membershipProcessing?: MembershipProcessing | null;
  assignedLicenses: AssignedLicense[];
  licenseProcessingState: LicenseProcessingStateName | null;
  hasMembersWithLicenseErrors?: boolean;
}

/** A direct member of a group: users carry their license data, nested groups only their id. */
export type GroupMember =
  | ({ kind: 'user' } & UserLicenses)
  | { kind: 'group'; id: string; displayName?: string | null }
  | { kind: 'other'; id: string; odataType: string };

export interface AuditEvent {
  id: string;
  activityDateTime: string;
  activityDisplayName: string;
  category?: string;
  result?: string;
  resultReason?: string;
  initiatedBy?: { user?: { id?: string; userPrincipalName?: string } | null; app?: { appId?: string; displayName?: string } | null };
  targetResources: { id: string; type?: string; displayName?: string | null; userPrincipalName?: string | null }[];
}

/** Why Graph refused or failed a request, in named terms callers switch on. */
export type GraphFailureKind =
  | 'inheritedOnly'
  | 'noFreeUnits'
  | 'usageLocationMissing'
  /** A plan of the SKU is not offered in the user's usage location. */
  | 'usageLocationProhibited'
  /** Removal of a SKU the user holds by no direct assignment (e.g. already removed by an earlier, unanswered call). */
  | 'notAssigned'
  | 'mutuallyExclusive'
  | 'dependency'
  | 'alreadyMember'
  | 'notFound'
  | 'forbidden'
  | 'unauthorized'
  | 'throttled'
  | 'unavailable'
  | 'timeout'
  | 'badRequest'
  | 'unknown';

export interface GraphFailure {
  kind: GraphFailureKind;
  status: number;
  code: string;
  message: string;
  retryAfterSeconds?: number;
  requestId?: string;
}

export type ItemResult<T = void> = { id: string; ok: true; value: T } | { id: string; ok: false; failure: GraphFailure };

export class GraphRequestError extends Error {
  constructor(public readonly failure: GraphFailure) {
    super(`${failure.kind}: ${failure.message}`);
    this.name = 'GraphRequestError';
  }
}
