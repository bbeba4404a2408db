import { USER_CLASSES, type ReliedOnSummary, type UserClass, type UserClassification } from './types';
import { FirstByName } from './firstByName';
import { ReliedOnTally } from './reliedOn';

/** Users of each class a verification keeps by name: what the verification card and an approval card show. */
export const SAMPLES_PER_CLASS = 10;
/** Users in error or with a plan mismatch a verification keeps by name: the pages of the error card. */
export const PROBLEMS_KEPT = 1000;

/** What a verification keeps of the users it classified: counts, and a bounded list of each kind. */
export interface VerificationTallyResult {
  summary: Record<UserClass, number>;
  samples: Record<UserClass, UserClassification[]>;
  problems: UserClassification[];
  /** Plans (names) some planGain user would gain, in name order. */
  gainedPlans: string[];
  /** Other groups ready and planGain users rely on, most users first (before their names are read). */
  reliedOn: ReliedOnSummary[];
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

  /** Counts one page of classified users and keeps those among the first by name. */
  add(users: readonly UserClassification[]): void {
    for (const u of users) {
      this.summary[u.class] += 1;
      this.samples.get(u.class)!.add(u);
      if (u.class === 'error' || u.class === 'planMismatch') this.problems.add(u);
      if (u.class === 'planGain') for (const p of u.gainedPlans ?? []) this.gained.add(p);
      if (u.class === 'ready' || u.class === 'planGain') this.reliedOn.add(u);
    }
  }

  /** The counts per class (every class present), the samples of each class and the problems by name; gains and other groups relied on. */
  result(): VerificationTallyResult {
    return {
      summary: { ...this.summary },
      samples: Object.fromEntries(USER_CLASSES.map((c) => [c, this.samples.get(c)!.values()])) as Record<UserClass, UserClassification[]>,
      problems: this.problems.values(),
      gainedPlans: [...this.gained].sort(),
      reliedOn: this.reliedOn.top(),
    };
  }
}
