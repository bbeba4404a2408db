import { buildCohortCard } from '../../src/cards/cohort';
import { keepInputs, withRefusal } from '../../src/cards/notice';
import type { AdaptiveCard } from '../../src/cards/types';
import { loadCardValidator } from './cardSchema';
import * as fx from './fixtures';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function input(card: unknown, id: string): Json | undefined {
  let found: Json | undefined;
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if ((node as Json).id === id) found = node as Json;
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return found;
}

const groups = [
  { id: fx.guid(900), displayName: 'All users' },
  { id: fx.guid(901), displayName: 'Licensing E3' },
];
const validate = loadCardValidator();

describe('client-side validation on the cohort card', () => {
  it('should require the cohort, and the typed name only when there is no group to pick', () => {
    const withGroups = buildCohortCard({ discovery: fx.discovery(50, 3), groups });
    expect(input(withGroups, 'cohortKey')).toMatchObject({ isRequired: true, errorMessage: expect.stringMatching(/cohort/) });
    // Either input will do when groups are offered: Adaptive Cards cannot say "one of", so the bot checks that case.
    expect(input(withGroups, 'newGroupName')?.isRequired).toBe(false);
    const noGroups = buildCohortCard({ discovery: fx.discovery(50, 1) });
    expect(input(noGroups, 'newGroupName')).toMatchObject({ isRequired: true, errorMessage: expect.stringMatching(/name of the group/) });
    // The hint names a new group the way the license plan proposes one: after the product, not its part number.
    expect(input(noGroups, 'newGroupName')?.placeholder).toBe('License – Office 365 E5');
    if (validate) for (const card of [withGroups, noGroups]) expect(validate(card)).toEqual([]);
  });
});

describe('a refused card', () => {
  const card = buildCohortCard({ discovery: fx.discovery(50, 3), groups });
  const cohort = (input(card, 'cohortKey')?.choices as Json[])[1].value as string;

  it('should put what to fix on top and keep every posted value its input offers', () => {
    const refused = withRefusal(card, 'Pick an existing group or type a new group name, not both.', {
      cohortKey: cohort,
      groupId: fx.guid(901),
      newGroupName: 'Licensing E3',
      skuId: 'ignored: no input has this id',
    });
    expect(refused.body[0]).toMatchObject({ type: 'Container', style: 'attention' });
    expect(JSON.stringify(refused.body[0])).toContain('not both');
    expect(input(refused, 'cohortKey')?.value).toBe(cohort);
    expect(input(refused, 'groupId')?.value).toBe(fx.guid(901));
    expect(input(refused, 'newGroupName')?.value).toBe('Licensing E3');
    expect(refused.body.slice(1).length).toBe(card.body.length);
    if (validate) expect(validate(refused)).toEqual([]);
    // The card it was made from is unchanged.
    expect(input(card, 'groupId')?.value).toBeUndefined();
  });

  it('should not show values the inputs do not offer or take', () => {
    const kept: AdaptiveCard = keepInputs(card, { groupId: fx.guid(999), newGroupName: 'x'.repeat(257), cohortKey: 42 });
    expect(input(kept, 'groupId')?.value).toBeUndefined();
    expect(input(kept, 'newGroupName')?.value).toBeUndefined();
    expect(input(kept, 'cohortKey')?.value).toBe(input(card, 'cohortKey')?.value);
  });
});
