import { Client, E3, fixture, sleep, start, uid } from '../support/simClient';

/**
 * The dynamic membership rule subset, over HTTP: a group created with a rule gets the users the rule matches,
 * and a rule outside the subset is refused at creation with Graph's error shape.
 */

/** Five users whose attributes exercise every operator; user 4 has nothing set and a disabled account. */
const people = [
  {
    n: 1,
    department: 'Sales',
    country: 'Netherlands',
    city: 'Amsterdam',
    jobTitle: 'Account Manager',
    companyName: 'Contoso',
    employeeId: 'E100',
    mail: 'ann@contoso.example',
    onPremisesExtensionAttributes: { extensionAttribute1: 'E3' },
  },
  { n: 2, department: 'sales ', country: 'Netherlands', city: 'Utrecht', jobTitle: 'SDE II' },
  {
    n: 3,
    department: 'Marketing',
    country: 'Germany',
    city: 'Berlin',
    jobTitle: 'Designer',
    companyName: "O'Neil Ltd",
    userType: 'Guest',
    loc: 'DE',
  },
  { n: 4, department: null, country: null, jobTitle: null, mail: null, accountEnabled: false },
  {
    n: 5,
    department: 'HR',
    country: 'Netherlands',
    city: 'Rotterdam',
    jobTitle: 'Recruiter',
    companyName: 'The "A" Team',
    employeeId: 'E500',
    onPremisesExtensionAttributes: { extensionAttribute15: 'Marketing' },
  },
];

const tenant = () =>
  fixture({
    users: people.map(({ n, loc, ...attributes }) => ({
      id: uid(n),
      userPrincipalName: `user${n}@contoso.example`,
      displayName: `User ${n}`,
      usageLocation: loc ?? 'NL',
      ...attributes,
      assignedLicenses: [{ skuId: E3, disabledPlans: [] }],
    })),
  });

const dynamicGroup = (displayName: string, membershipRule: string, extra: Record<string, unknown> = {}) => ({
  displayName,
  mailEnabled: false,
  mailNickname: displayName.replace(/\W/g, ''),
  securityEnabled: true,
  groupTypes: ['DynamicMembership'],
  membershipRule,
  membershipRuleProcessingState: 'On',
  ...extra,
});

async function settledMembers(c: Client, groupId: string): Promise<number[]> {
  for (let i = 0; i < 400; i++) {
    const g = (await c.get(`${c.sim.url}/beta/groups/${groupId}?$select=id,membershipRuleProcessingStatus`)).body;
    if (g.membershipRuleProcessingStatus.status === 'Succeeded') {
      const members = (await c.all(`/groups/${groupId}/members?$select=id`)).items.map((m: { id: string }) => m.id);
      return people.map((p) => p.n).filter((n) => members.includes(uid(n)));
    }
    await sleep(10);
  }
  throw new Error(`group ${groupId} never finished membership processing`);
}

describe('dynamic membership rules: the subset decides who is a member', () => {
  let c: Client;
  beforeAll(async () => {
    c = await start(tenant());
  });
  afterAll(() => c.sim.close());

  const cases: [string, number[]][] = [
    ['user.department -eq "Sales"', [1]],
    ['user.department -eq "SALES"', [1]],
    ['user.department -ne "Sales"', [2, 3, 4, 5]],
    ['user.department -eq null', [4]],
    ['user.department -ne null', [1, 2, 3, 5]],
    ['user.department -startsWith "sa"', [1, 2]],
    ['user.department -notStartsWith "sa"', [3, 4, 5]],
    ['user.employeeId -endsWith "00"', [1, 5]],
    ['user.employeeId -notEndsWith "00"', [2, 3, 4]],
    ['user.department -contains "KET"', [3]],
    ['user.department -notContains "ket"', [1, 2, 4, 5]],
    ['user.jobTitle -match "^(account|recruit)"', [1, 5]],
    ['user.jobTitle -notMatch "^SDE"', [1, 3, 4, 5]],
    ['user.city -in ["Amsterdam", "berlin"]', [1, 3]],
    ['user.city -notIn ["Amsterdam", "Berlin"]', [2, 4, 5]],
    ['user.accountEnabled -eq false', [4]],
    ['user.accountEnabled -ne false', [1, 2, 3, 5]],
    ['user.userType -eq "Guest"', [3]],
    ['user.usageLocation -eq "DE"', [3]],
    ['user.country -eq "Netherlands"', [1, 2, 5]],
    ['user.extensionAttribute1 -eq "E3"', [1]],
    ['user.extensionAttribute15 -eq "Marketing"', [5]],
    ['user.mail -eq null', [4]],
    ['user.mail -endsWith "@contoso.example"', [1, 2, 3, 5]],
    ['user.userPrincipalName -startsWith "user1@"', [1]],
    ['user.objectId -ne null', [1, 2, 3, 4, 5]],
    ["user.jobTitle -eq 'SDE II'", [2]],
    ["user.companyName -eq 'O''Neil Ltd'", [3]],
    ['user.companyName -eq "The `"A`" Team"', [5]],
    // -and binds tighter than -or; parentheses change that.
    ['user.department -eq "HR" -or user.country -eq "Netherlands" -and user.city -eq "Utrecht"', [2, 5]],
    ['(user.department -eq "HR" -or user.country -eq "Netherlands") -and user.city -eq "Utrecht"', [2]],
    ['-not (user.country -eq "Netherlands")', [3, 4]],
    ['(user.department -eq "Sales") -and -not (user.jobTitle -startsWith "SDE")', [1]],
    // Operators are case-insensitive and the hyphen is optional.
    ['user.department EQ "Marketing" and user.userType eq "Guest"', [3]],
    ['USER.DEPARTMENT -EQ "hr"', [5]],
  ];

  test.each(cases)('%s', async (rule, expected) => {
    const r = await c.post('/groups', dynamicGroup('Rule', rule));
    expect(r.status).toBe(201);
    expect(r.body.membershipRule).toBe(rule);
    expect(await settledMembers(c, r.body.id)).toEqual(expected);
  });
});

describe('dynamic membership rules outside the subset are refused when the group is created', () => {
  let c: Client;
  beforeAll(async () => {
    c = await start(tenant());
  });
  afterAll(() => c.sim.close());

  const refused: [string, string, RegExp][] = [
    ['a property the subset lacks', 'user.manager -eq "x"', /Wrong property applied\. Property 'manager'/],
    ['a device rule', 'device.deviceOSType -eq "iPad"', /Invalid object type/],
    ['a Direct Reports rule', 'Direct Reports for "00000000-0000-0000-0000-000000000001"', /Invalid object type/],
    ['a collection with -any', 'user.proxyAddresses -any (_ -startsWith "contoso")', /Wrong property applied\. Property 'proxyAddresses'/],
    ['memberOf', "user.memberOf -any (group.objectId -in ['x'])", /Property 'memberOf'/],
    ['a date comparison', 'user.employeeHireDate -le "2020-06-10T18:13:20Z"', /Property 'employeeHireDate'/],
    ['-any on a string property', 'user.department -any "x"', /operator '-any'/],
    ['an unquoted string', 'user.department -eq Sales', /expected a quoted string, true, false or null at position 21/],
    ['a dangling -and', 'user.department -eq "Sales" -and', /ends where an expression was expected/],
    ['a missing parenthesis', '(user.department -eq "Sales"', /missing '\)'/],
    ['an unterminated string', 'user.department -eq "Sales', /unterminated string/],
    ['an unknown operator', 'user.department -like "Sales"', /unknown operator '-like'/],
    ['a boolean compared with a word', 'user.accountEnabled -eq "yes"', /Invalid operands found for operator -eq/],
    ['a boolean with -contains', 'user.accountEnabled -contains "t"', /Invalid operands found for operator -contains/],
    ['null with -startsWith', 'user.department -startsWith null', /null can only be compared with -eq or -ne/],
    ['a string with -in', 'user.department -in "Sales"', /takes a list/],
    ['a list with -eq', 'user.department -eq ["Sales"]', /only valid with -in and -notIn/],
    ['a string compared with true', 'user.department -eq true', /compare it with a quoted string/],
    ['a bad regular expression', 'user.department -match "("', /invalid regular expression/],
    ['a typographic dash', 'user.department \u2013eq "Sales"', /typographic dash/],
    ['an empty rule', '   ', /needs a membershipRule/],
    ['a rule longer than 3,072 characters', `user.department -eq "${'x'.repeat(3060)}"`, /longer than 3,072 characters/],
  ];

  test.each(refused)('%s', async (_what, rule, message) => {
    const before = (await c.all('/groups?$select=id')).items.length;
    const r = await c.post('/groups', dynamicGroup('Refused', rule));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('Request_BadRequest');
    expect(r.body.error.message).toMatch(/^Dynamic membership rule validation error: /);
    expect(r.body.error.message).toMatch(message);
    expect(r.body.error.innerError['request-id']).toEqual(expect.any(String));
    expect((await c.all('/groups?$select=id')).items.length).toBe(before);
  });

  test('a rule needs DynamicMembership, a dynamic group needs a rule, and the processing state is On or Paused', async () => {
    const noType = await c.post('/groups', dynamicGroup('No type', 'user.department -eq "Sales"', { groupTypes: [] }));
    expect(noType.status).toBe(400);
    expect(noType.body.error.message).toMatch(/only valid when groupTypes contains DynamicMembership/);
    const noRule = await c.post('/groups', dynamicGroup('No rule', 'x', { membershipRule: undefined }));
    expect(noRule.status).toBe(400);
    expect(noRule.body.error.message).toMatch(/needs a membershipRule/);
    const badState = await c.post(
      '/groups',
      dynamicGroup('Bad state', 'user.department -eq "Sales"', { membershipRuleProcessingState: 'Off' }),
    );
    expect(badState.status).toBe(400);
    expect(badState.body.error.message).toBe("Invalid value specified for property 'membershipRuleProcessingState' of resource 'Group'.");
  });
});
