import { z } from 'zod';
import type { RuleProperty, RuleValue } from '../common/membershipRule';
import type { SimUser } from './tenant';

/**
 * The directory attributes of a user that dynamic membership rules read (HR data: department, job title, …),
 * how fixtures and PATCH /users/{id} set them, and how a rule sees them. They live in one place so the fixture,
 * the Graph surface and the rule evaluator cannot drift apart.
 */

export const EXTENSION_ATTRIBUTES = Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`);

/** String attributes a fixture and PATCH may set, by their Graph names. */
export const STRING_ATTRIBUTES = ['department', 'jobTitle', 'companyName', 'country', 'city', 'employeeId', 'mail'] as const;
export type StringAttribute = (typeof STRING_ATTRIBUTES)[number];

export interface DirectoryAttributes extends Record<StringAttribute, string | null> {
  userType: 'Member' | 'Guest';
  /** onPremisesExtensionAttributes as Graph returns it: all fifteen keys, null when unset. */
  extensionAttributes: Record<string, string | null>;
}

const country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as US');
const text = z.string().max(1024).nullable();

export const extensionAttributesSchema = z
  .object(Object.fromEntries(EXTENSION_ATTRIBUTES.map((k) => [k, text.optional()])) as Record<string, z.ZodOptional<typeof text>>)
  .strict();

/** The attributes a fixture user may carry (all optional; `mail` defaults to the userPrincipalName). */
export const fixtureAttributesShape = {
  userType: z.enum(['Member', 'Guest']).default('Member'),
  ...(Object.fromEntries(STRING_ATTRIBUTES.map((k) => [k, text.optional()])) as Record<StringAttribute, z.ZodOptional<typeof text>>),
  onPremisesExtensionAttributes: extensionAttributesSchema.optional(),
};

/** Body of PATCH /users/{id}: the properties the simulator lets a client change, each optional. */
export const userPatchSchema = z
  .object({
    displayName: z.string().min(1),
    usageLocation: country.nullable(),
    accountEnabled: z.boolean(),
    userType: z.enum(['Member', 'Guest']),
    ...(Object.fromEntries(STRING_ATTRIBUTES.map((k) => [k, text])) as Record<StringAttribute, typeof text>),
    onPremisesExtensionAttributes: extensionAttributesSchema,
  })
  .partial()
  .strict();
export type UserPatch = z.infer<typeof userPatchSchema>;
export const PATCHABLE_USER_PROPERTIES = Object.keys(userPatchSchema.shape);

/** Attributes of a new user: unset ones are null, extension attributes all present. */
export function directoryAttributes(
  upn: string,
  given: Partial<Record<StringAttribute, string | null>> & {
    userType?: 'Member' | 'Guest';
    onPremisesExtensionAttributes?: Record<string, string | null | undefined>;
  } = {},
): DirectoryAttributes {
  const ext = given.onPremisesExtensionAttributes ?? {};
  return {
    userType: given.userType ?? 'Member',
    department: given.department ?? null,
    jobTitle: given.jobTitle ?? null,
    companyName: given.companyName ?? null,
    country: given.country ?? null,
    city: given.city ?? null,
    employeeId: given.employeeId ?? null,
    // Users made before fixtures carried `mail` answered with their UPN; an explicit null means no mailbox.
    mail: given.mail === undefined ? upn : given.mail,
    extensionAttributes: Object.fromEntries(EXTENSION_ATTRIBUTES.map((k) => [k, ext[k] ?? null])),
  };
}

/** What a rule sees of a user: the subset's properties mapped onto the simulated user. */
export function ruleValue(
  user: Pick<SimUser, 'id' | 'userPrincipalName' | 'displayName' | 'usageLocation' | 'accountEnabled' | 'attributes'>,
  property: RuleProperty,
): RuleValue {
  switch (property) {
    case 'accountEnabled':
      return user.accountEnabled;
    case 'objectId':
      return user.id;
    case 'userPrincipalName':
      return user.userPrincipalName;
    case 'displayName':
      return user.displayName;
    case 'usageLocation':
      return user.usageLocation;
    case 'userType':
      return user.attributes.userType;
    default:
      if (property.startsWith('extensionAttribute')) return user.attributes.extensionAttributes[property] ?? null;
      return user.attributes[property as StringAttribute] ?? null;
  }
}

/** Rule properties a PATCH-shaped change touches, so only groups whose rule reads them are re-evaluated. */
export function ruleProperties(patch: UserPatch): RuleProperty[] {
  const out: RuleProperty[] = [];
  for (const k of Object.keys(patch)) {
    if (k === 'onPremisesExtensionAttributes') out.push(...(Object.keys(patch.onPremisesExtensionAttributes ?? {}) as RuleProperty[]));
    else out.push(k as RuleProperty);
  }
  return out;
}
