import { en } from '../../src/i18n/en';
import { nl } from '../../src/i18n/nl';
import { localizer, resolveLocale } from '../../src/i18n';

/** Every string of a catalogue by its dotted key. */
function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') out.set(prefix, value);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) for (const [key, text] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(key, text);
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Strings that are the same word in Dutch (names, codes, loan words Microsoft's Dutch centres use as is). */
const SAME_IN_DUTCH = new Set([
  'welcome.title',
  'commandUsage.rollback',
  'commandUsage.drift',
  'runs.listItem',
  'control.sentence',
  'replies.driftListSeparator',
  'dialog.licenseChosenText',
  'cards.cohort.numbered',
  'pause.batch',
  'cards.processing.run',
  'cards.batchApproval.run',
  'cards.batchApproval.status',
  'cards.finalReport.batches',
  'cards.runStatus.run',
  'cards.runStatus.status',
  'cards.runStatus.batches',
  'cards.spotCheck.direct',
  'cards.rollbackConfirm.run',
  'cards.drift.run',
  'cards.errorUsers.cause',
  'cards.errorUsers.product',
  'cards.rollbackConfirm.scopeBatch',
  'cards.licensePlan.gainPlans',
  'cards.verification.sampleDetail.error',
  // A separator of list items and '{sku}: …' before a product's own words are the same in Dutch.
  'cards.outcome.details.separator',
  'cards.outcome.details.notReady.product',
  'cards.outcome.details.failure.forProduct',
  // A user named before what happened to them, and a shortened list of names, are the same in Dutch.
  'pause.problem.user',
  'pause.problem.moreUsers',
  'cards.batchApproval.decidedReason',
  'cards.batchResult.batch',
  'cards.batchResult.settleNames',
  'cards.finalReport.subtitle',
  'cards.finalReport.approverLine',
  'cards.finalReport.canary',
  'cards.finalReport.batch',
  'dialog.cohorts.one',
  'cards.preflight.ruleDetail.line',
  'cards.outcome.withDetails',
]);

describe('language catalogues', () => {
  const english = flatten(en);
  const dutch = flatten(nl);

  it('should have exactly the same keys in English and Dutch', () => {
    expect([...dutch.keys()].filter((k) => !english.has(k))).toEqual([]);
    expect([...english.keys()].filter((k) => !dutch.has(k))).toEqual([]);
  });

  it('should use the same placeholders in both languages', () => {
    const differ = [...english].filter(([k, text]) => placeholders(text).join() !== placeholders(dutch.get(k) ?? '').join());
    expect(differ.map(([k]) => k)).toEqual([]);
  });

  it('should translate every string except the listed ones', () => {
    const untranslated = [...english].filter(([k, text]) => text.trim() !== '' && dutch.get(k) === text && !SAME_IN_DUTCH.has(k));
    expect(untranslated.map(([k]) => k)).toEqual([]);
    // The list itself stays honest: each entry is still identical in both.
    expect([...SAME_IN_DUTCH].filter((k) => english.get(k) !== dutch.get(k))).toEqual([]);
  });

  it('should follow Teams locales: Dutch for nl-*, English for anything else', () => {
    expect(resolveLocale('nl-NL')).toBe('nl');
    expect(resolveLocale('nl-BE')).toBe('nl');
    expect(resolveLocale('nl')).toBe('nl');
    expect(resolveLocale('en-US')).toBe('en');
    expect(resolveLocale('de-DE')).toBe('en');
    expect(resolveLocale('nld')).toBe('en');
    expect(resolveLocale(undefined)).toBe('en');
  });

  it('should choose plural forms whole and format numbers for the language', () => {
    const l = localizer('nl-NL');
    expect(l.p(l.m.cards.cohort.users, 1)).toBe('1 gebruiker');
    expect(l.p(l.m.cards.cohort.users, 1234)).toBe('1.234 gebruikers');
    const e = localizer('en-US');
    expect(e.p(e.m.cards.cohort.users, 1)).toBe('1 user');
    expect(e.p(e.m.cards.cohort.users, 1234)).toBe('1,234 users');
  });

  it('should refuse to fill a sentence with a missing value', () => {
    expect(() => localizer('en').f('Run {name}', {})).toThrow(/name/);
  });
});
