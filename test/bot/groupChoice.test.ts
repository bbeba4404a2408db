import { ALICE, ALL_USERS, E3, cardOf, currentRun, startBotHarness, type BotHarness } from '../support/botHarness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const NEWSLETTER = '00000000-0000-0101-0000-000000000002';

/** Every element of a card with this id. */
function inputById(card: unknown, id: string): Json | undefined {
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

describe('group choice on the cohort card', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({
      users: 6,
      // A mail-only list is no place for a license; it must not be offered.
      patchFixture: (f) =>
        f.groups.push({
          id: NEWSLETTER,
          displayName: 'Newsletter',
          securityEnabled: false,
          mailEnabled: true,
          groupTypes: [],
          members: [],
        }),
    });
  });
  afterEach(async () => h.close());

  it("should offer the tenant's security groups on the first run, and take the picked one", async () => {
    await h.say(ALICE, 'migrate');
    const chosen = await h.click(ALICE, 'migrate.sku', { skuId: E3 });
    const cohortCard = cardOf(chosen.replies.find((a) => cardOf(a)));
    const choice = inputById(cohortCard, 'groupId');
    expect(choice?.choices).toEqual([{ title: 'All users', value: ALL_USERS }]);
    expect(inputById(cohortCard, 'newGroupName')?.label).toMatch(/Group name \(existing or new\)/);

    await h.click(ALICE, 'migrate.group', { skuId: E3, groupId: ALL_USERS, newGroupName: '' });
    expect(await currentRun(h)).toMatchObject({ groupId: ALL_USERS, createdGroup: false });
  });
});
