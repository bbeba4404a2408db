/**
 * End to end, the whole tenant as an admin moves it: the demo stack on fixtures/license-profiles.json (42 users
 * holding Office 365 E3, EMS E3 and Power BI Pro directly in five license profiles) driven in headless Chromium.
 * `migrate` → "The whole tenant" → the license plan → "Migrate profile 1" → pre-flight → Approve every batch → final
 * report, once per profile (the plan is asked for again each time, so the largest profile left is always number 1).
 * Then the simulator is asked whether anyone lost a service, whether any direct assignment is left, and how many
 * license writes reached users: one per user, whatever the number of products. Screenshots go to
 * e2e-artifacts/profiles/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startDemo, type RunningDemo } from '../../src/demo/demo';
import { e2eBotLog, findChromium, keepReadmeShots, PlaygroundPage, withWhatWasSeen } from './playgroundPage';

const root = path.resolve(__dirname, '..', '..');
const docsShots = path.join(root, 'docs', 'screenshots');
/** Screenshots by name, for the README's (see keepReadmeShots). */
const shots = new Map<string, string>();
const shotsDir = path.join(root, 'e2e-artifacts', 'profiles');
const botLog = path.join(root, 'e2e-artifacts', 'bot-profiles.log');
const fixture = path.join(root, 'fixtures', 'license-profiles.json');
const chromiumPath = findChromium();
const describeIfChromium = chromiumPath ? describe : describe.skip;
if (!chromiumPath) console.log("SKIPPED the license-profile end-to-end test: no Chromium found (install Debian's `chromium`).");

const BOT_NAME = 'License Migration Bot';

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describeIfChromium('the whole tenant in Agents Playground, one run per license profile (headless Chromium)', () => {
  let demo: RunningDemo | undefined;
  let pp: PlaygroundPage | undefined;

  beforeAll(async () => {
    fs.rmSync(shotsDir, { recursive: true, force: true });
    fs.mkdirSync(shotsDir, { recursive: true });
    demo = await startDemo({
      rootDir: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      logger: e2eBotLog(botLog),
      fixture,
      simPort: 0,
      botPort: 0,
      playgroundPort: 0,
      simBehaviour: { groupProcessingDelayMs: 300 },
      engineOptions: { pollIntervalMs: 200 },
      workDir: path.join(shotsDir, 'playground'),
    });
    pp = await PlaygroundPage.open(demo.playground!.url, { executablePath: chromiumPath!, artifactsDir: shotsDir });
  }, 120_000);

  afterAll(async () => {
    await pp?.close();
    await demo?.close();
  });

  it('migrates every profile with one write per user and nobody losing a service', async () => {
    const p = pp!;
    const sim = demo!.sim!;
    try {
      await p.waitForCard(BOT_NAME);
      const writesBefore =
        (await getJson<{ requests: Record<string, number> }>(`${sim.url}/_sim/stats`)).requests['POST /users/{id}/assignLicense'] ?? 0;

      // The first choice of `migrate`: the whole tenant.
      await p.send('migrate');
      const choice = await p.waitForCard('Which license do you want to migrate?');
      await p.screenshotCard(choice, 'license-choice');
      await p.click(choice, 'The whole tenant');
      let plan = await p.waitForCard('License profiles');
      expect(await plan.innerText()).toMatch(/42 users hold licenses directly, in 5 profiles/);
      shots.set('license-plan', await p.screenshotCard(plan, 'license-plan'));

      for (let profile = 1; profile <= 5; profile++) {
        if (profile > 1) {
          await p.send('plan');
          // The newest plan card: the profiles migrated so far are gone from it.
          await p.page.waitForFunction(
            (n) =>
              Array.from(document.querySelectorAll('.ac-adaptiveCard')).some((c) =>
                (c as HTMLElement).innerText.includes(`in ${n} profile`),
              ),
            6 - profile,
            { timeout: 60_000 },
          );
          plan = p.card('License profiles');
        }
        const reportsBefore = await p.page.locator('.ac-adaptiveCard', { hasText: 'Final report' }).count();
        await p.click(plan, 'Migrate profile 1');
        // The run's pre-flight card (only the newest one has the button).
        let confirmAt: number[] = [];
        const until = Date.now() + 60_000;
        while ((confirmAt = await p.cardsWhere('Pre-flight checks', 'Confirm and prepare')).length === 0) {
          if (Date.now() > until) throw new Error(`no pre-flight card for profile run ${profile}`);
          await p.page.waitForTimeout(250);
        }
        const preflight = p.cardAt(confirmAt.at(-1)!);
        if (profile === 1) await p.screenshotCard(preflight, 'profile-preflight');
        await p.click(preflight, 'Confirm and prepare');
        const deadline = Date.now() + 3 * 60_000;
        let approvals = 0;
        while ((await p.page.locator('.ac-adaptiveCard', { hasText: 'Final report' }).count()) <= reportsBefore) {
          if (Date.now() > deadline) throw new Error(`no final report for profile run ${profile} after ${approvals} approvals`);
          const open = await p.cardsWhere('^\\s*Approve (the canary batch|batch \\d+ of \\d+)', 'Approve');
          if (open.length === 0) {
            await p.page.waitForTimeout(250);
            continue;
          }
          const card = p.cardAt(open[0]);
          if (profile === 1 && approvals === 0) await p.screenshotCard(card, 'profile-approval');
          await p.click(card, 'Approve');
          approvals += 1;
          await p.action(card, 'Approve').waitFor({ state: 'detached', timeout: 30_000 });
        }
        if (profile === 1)
          shots.set(
            'profile-final-report',
            await p.screenshotCard(
              p.card(/^\s*Final report: Office 365 E3 \+ Enterprise Mobility \+ Security E3 →/),
              'profile-final-report',
            ),
          );
      }

      // Nothing is left to migrate, and the tenant says why.
      await p.send('plan');
      await p.waitForText(/Nobody holds any of the 3 user products directly/).catch(async () => {
        await p.waitForCard(/Nobody holds any of the 3 user products directly/);
      });

      const invariants = await getJson<{ violations: unknown[] }>(`${sim.url}/_sim/invariants`);
      expect(invariants.violations).toEqual([]);
      const page = await getJson<{
        value: { id: string; licenseAssignmentStates: { skuId: string; assignedByGroup: string | null; state: string }[] }[];
      }>(`${sim.graphUrl}/users?$select=id,licenseAssignmentStates&$top=999`);
      expect(page.value).toHaveLength(42);
      expect(page.value.filter((u) => u.licenseAssignmentStates.some((s) => s.assignedByGroup === null)).map((u) => u.id)).toEqual([]);
      // Everyone still holds what they held (75 direct assignments before, 75 group paths now), each from a group and active.
      expect(page.value.reduce((n, u) => n + u.licenseAssignmentStates.filter((s) => s.state === 'Active').length, 0)).toBe(75);
      const writes =
        (await getJson<{ requests: Record<string, number> }>(`${sim.url}/_sim/stats`)).requests['POST /users/{id}/assignLicense'] ?? 0;
      expect(writes - writesBefore).toBe(42);
      keepReadmeShots(shots, { 'license-plan': 'license-plan.png', 'profile-final-report': 'profile-final-report.png' }, docsShots);
    } catch (err) {
      throw withWhatWasSeen(err, await p.saveFailure(botLog));
    }
  }, 600_000);
});
