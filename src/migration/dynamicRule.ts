import { parseMembershipRule, RuleError, type MembershipRule, type RuleMiss, type RuleValue } from '../common/membershipRule';
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

/**
 * Why the rule leaves the user out, in the admin's terms (`department = "sales "`, with the clause it fails), or null
 * when the rule matches the user's attributes as read.
 */
export function ruleMismatch(rule: MembershipRule, user: UserLicenses): string | null {
  const misses = rule.explain(readerOf(user));
  return misses.length ? misses.map(describeMiss).join('; ') : null;
}

/** The run's dynamic rule no longer matches the user as read (with the rule's attributes), or null. */
export function runRuleMiss(run: { membershipRule?: string; groupDisplayName: string }, user: UserLicenses): string | null {
  const rule = runRule(run);
  const why = rule && ruleMismatch(rule, user);
  return why ? `the membership rule of "${run.groupDisplayName}" no longer matches (${why})` : null;
}

const MAX_VALUE = 80;

function describeMiss(miss: RuleMiss): string {
  const { actual } = miss;
  const value =
    actual === null
      ? `${miss.property} is not set`
      : typeof actual === 'boolean'
        ? `${miss.property} = ${actual}`
        : `${miss.property} = ${JSON.stringify(actual.length > MAX_VALUE ? `${actual.slice(0, MAX_VALUE)}…` : actual)}`;
  return `${value} (the rule needs ${miss.negated ? `-not (${miss.clause})` : miss.clause})`;
}
