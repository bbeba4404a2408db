import { parseMembershipRule, RuleError, type MembershipRule, type RuleValue } from '../common/membershipRule';
import type { RuleMissAbout, Said } from './outcomeDetail';
import type { GroupInfo, UserLicenses } from '../graph/types';

/** Whether Entra computes the group's members from a rule (nobody can be added to it). */
export function isDynamicGroup(group: Pick<GroupInfo, 'groupTypes'>): boolean {
  return group.groupTypes.includes('DynamicMembership');
}

/**
 * The membership rule of a dynamic group as the bot reads it: parsed when it is inside the subset the bot evaluates,
 * otherwise with the reason it is not (Entra knows more of the language than the bot does; then only Entra's own
 * membership counts, and the bot says so instead of guessing).
 */
export type GroupRule = { text: string; rule: MembershipRule; unreadable?: undefined } | { text: string; rule: null; unreadable: string };

/** The group's rule, or null for a group with assigned membership. */
export function groupRule(group: Pick<GroupInfo, 'groupTypes' | 'membershipRule'>): GroupRule | null {
  if (!isDynamicGroup(group)) return null;
  const text = group.membershipRule ?? '';
  try {
    return { text, rule: parseMembershipRule(text) };
  } catch (err) {
    if (err instanceof RuleError) return { text, rule: null, unreadable: err.message };
    throw err;
  }
}

const parsed = new Map<string, MembershipRule | null>();

/**
 * The rule a dynamic-group run was prepared with, parsed once per text; null for other runs and for a rule outside
 * the subset the bot evaluates (then Entra's membership alone decides).
 */
export function runRule(run: { membershipRule?: string }): MembershipRule | null {
  const text = run.membershipRule;
  if (text === undefined) return null;
  let rule = parsed.get(text);
  if (rule === undefined) {
    rule = groupRule({ groupTypes: ['DynamicMembership'], membershipRule: text })?.rule ?? null;
    if (parsed.size > 100) parsed.clear();
    parsed.set(text, rule);
  }
  return rule;
}

/** The rule's properties, for reading users with `getUsers(ids, { directory })`. */
export function ruleProperties(rule: GroupRule | MembershipRule | null): string[] {
  const parsedRule = rule && 'rule' in rule ? rule.rule : rule;
  return parsedRule ? [...parsedRule.properties] : [];
}

/** What a rule sees of a user read with the rule's properties. */
function readerOf(user: UserLicenses): (property: string) => RuleValue {
  return (property) => {
    const v = user.directory?.[property];
    if (v !== undefined) return v;
    switch (property) {
      case 'objectId':
        return user.id;
      case 'userPrincipalName':
        return user.userPrincipalName;
      case 'displayName':
        return user.displayName ?? null;
      case 'usageLocation':
        return user.usageLocation ?? null;
      case 'accountEnabled':
        return user.accountEnabled ?? null;
      default:
        return null;
    }
  };
}

const MAX_VALUE = 80;

/** The clauses the rule fails for the user's attributes as read, as data (values clipped); empty when it matches. */
export function ruleMisses(rule: MembershipRule, user: UserLicenses): RuleMissAbout[] {
  return rule.explain(readerOf(user)).map((miss) => ({
    property: miss.property,
    value: typeof miss.actual === 'string' && miss.actual.length > MAX_VALUE ? `${miss.actual.slice(0, MAX_VALUE)}…` : miss.actual,
    clause: miss.negated ? `-not (${miss.clause})` : miss.clause,
  }));
}

/**
 * Why the rule leaves the user out, in the admin's terms (`department = "sales "`, with the clause it fails), or null
 * when the rule matches the user's attributes as read.
 */
export function ruleMismatch(rule: MembershipRule, user: UserLicenses): string | null {
  const misses = ruleMisses(rule, user);
  return misses.length ? describeMisses(misses) : null;
}

/** The run's dynamic rule no longer matches the user as read (with the rule's attributes), or null; said and as data. */
export function runRuleMiss(
  run: { membershipRule?: string; groupDisplayName: string },
  user: UserLicenses,
): Said<{ group: string; misses: RuleMissAbout[] }> | null {
  const rule = runRule(run);
  const misses = rule ? ruleMisses(rule, user) : [];
  if (!misses.length) return null;
  return {
    text: `the membership rule of "${run.groupDisplayName}" no longer matches (${describeMisses(misses)})`,
    about: { group: run.groupDisplayName, misses },
  };
}

/** Misses in English, as the journal and the CLI say them. */
export function describeMisses(misses: readonly RuleMissAbout[]): string {
  return misses.map(describeMiss).join('; ');
}

function describeMiss(miss: RuleMissAbout): string {
  const { value } = miss;
  const shown =
    value === null
      ? `${miss.property} is not set`
      : typeof value === 'boolean'
        ? `${miss.property} = ${value}`
        : `${miss.property} = ${JSON.stringify(value)}`;
  return `${shown} (the rule needs ${miss.clause})`;
}
