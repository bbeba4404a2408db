import { USER_CLASSES, type ErrorCodeCount, type ReliedOnSummary, type UserClass, type UserClassification } from './types';
import { FirstByName } from './firstByName';
import { ReliedOnTally } from './reliedOn';

/** Users of each class a verification keeps by name: what the verification card and an approval card show. */
export const SAMPLES_PER_CLASS = 10;
/** Users in error or with a plan mismatch a verification keeps by name: the pages of the error card. */
export const PROBLEMS_KEPT = 1000;
/** Distinct Entra error codes counted apart; further codes are counted as 'Other' (a card names a handful). */
export const ERROR_CODES_KEPT = 12;

/** What a verification keeps of the users it classified: counts, and a bounded list of each kind. */
export interface VerificationTallyResult {
  summary: Record<UserClass, number>;
  samples: Record<UserClass, UserClassification[]>;
  problems: UserClassification[];
  /** Plans (names) some planGain user would gain, in name order. */
  gainedPlans: string[];
  /** Other groups ready and planGain users rely on, most users first (before their names are read). */
  reliedOn: ReliedOnSummary[];
  /** Users of each class who hold no direct assignment of the SKU (every class present). */
  withoutDirect: Record<UserClass, number>;
  /** Users in error per Entra code, with and without a direct assignment, most users first. */
  errorCodes: ErrorCodeCount[];
  /** Direct holders whose disabled plans differ from the run's cohort (other cohorts); 0 when no cohort was given. */
  otherCohorts: number;
}

/**
 * Counts and bounded samples of a stream of classified users, so a verification of a million users holds a page
 * of them at a time and never the whole list. Samples and problems are the first users by userPrincipalName, the
 * order the whole sorted list used to give them in.
 */
export class VerificationTally {
  private readonly summary = Object.fromEntries(USER_CLASSES.map((c) => [c, 0])) as Record<UserClass, number>;
  private readonly samples = new Map(USER_CLASSES.map((c) => [c, new FirstByName<UserClassification>(SAMPLES_PER_CLASS)]));
  private readonly problems = new FirstByName<UserClassification>(PROBLEMS_KEPT);
  private readonly gained = new Set<string>();
  private readonly reliedOn = new ReliedOnTally();
  private readonly withoutDirect = Object.fromEntries(USER_CLASSES.map((c) => [c, 0])) as Record<UserClass, number>;
  private readonly errorCodes = new Map<string, ErrorCodeCount>();
  private otherCohorts = 0;
  private readonly cohortKey: string | null;

  /** `cohortDisabledPlans`: the run's cohort (plan ids), to count the direct holders of other cohorts apart. */
  constructor(cohortDisabledPlans?: readonly string[]) {
    this.cohortKey = cohortDisabledPlans ? planKey(cohortDisabledPlans) : null;
  }

  /** Counts one page of classified users and keeps those among the first by name. */
  add(users: readonly UserClassification[]): void {
    for (const u of users) {
      this.summary[u.class] += 1;
      this.samples.get(u.class)!.add(u);
      if (u.class === 'error' || u.class === 'planMismatch') this.problems.add(u);
      if (u.class === 'planGain') for (const p of u.gainedPlans ?? []) this.gained.add(p);
      if (u.class === 'ready' || u.class === 'planGain') this.reliedOn.add(u);
      const direct = u.directDisabledPlans !== null;
      if (!direct) this.withoutDirect[u.class] += 1;
      else if (this.cohortKey !== null && planKey(u.directDisabledPlans!) !== this.cohortKey) this.otherCohorts += 1;
      if (u.class === 'error') this.countError(u.error, direct);
    }
  }

  private countError(error: string | null, direct: boolean): void {
    let code = error || 'Other';
    if (!this.errorCodes.has(code) && this.errorCodes.size >= ERROR_CODES_KEPT) code = 'Other';
    let entry = this.errorCodes.get(code);
    if (!entry) this.errorCodes.set(code, (entry = { code, direct: 0, withoutDirect: 0 }));
    if (direct) entry.direct += 1;
    else entry.withoutDirect += 1;
  }

  /** The counts per class (every class present), the samples of each class and the problems by name; gains and other groups relied on. */
  result(): VerificationTallyResult {
    return {
      summary: { ...this.summary },
      samples: Object.fromEntries(USER_CLASSES.map((c) => [c, this.samples.get(c)!.values()])) as Record<UserClass, UserClassification[]>,
      problems: this.problems.values(),
      gainedPlans: [...this.gained].sort(),
      reliedOn: this.reliedOn.top(),
      withoutDirect: { ...this.withoutDirect },
      errorCodes: [...this.errorCodes.values()]
        .map((e) => ({ ...e }))
        .sort((a, b) => b.direct + b.withoutDirect - (a.direct + a.withoutDirect) || a.code.localeCompare(b.code)),
      otherCohorts: this.otherCohorts,
    };
  }
}

/** Disabled plans as an order- and case-free key. */
function planKey(plans: readonly string[]): string {
  return plans
    .map((p) => p.toLowerCase())
    .sort()
    .join(',');
}
