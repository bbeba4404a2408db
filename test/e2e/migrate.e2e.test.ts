/**
 * End to end, as a Teams user would do it: the demo stack (simulator on contoso-1000 + bot + Agents
 * Playground) driven in headless Chromium. `migrate` → SKU → group → pre-flight → Approve every batch
 * → final report; then the simulator is asked over HTTP whether anyone ever lost a service and whether
 * any direct E3 assignment is left, and the bot's journal whether every removal was approved. Run in the
 * personal chat, in a team channel, and in the personal chat in Dutch (nl-NL). Screenshots of each card go
 * to e2e-artifacts/<surface>/.
 *
 * The Dutch run has a stand-in for Teams' locale: Agents Playground 0.2.x writes `locale: "en-US"` on every
 * activity it generates and offers no way to change it, so a small proxy (localeProxy.ts) between the
 * Playground and the bot's /api/messages sets `activity.locale` and the clientInfo entity's locale to nl-NL,
 * as Teams does for a person whose Teams speaks Dutch, and passes everything else through unchanged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startDemo, type RunningDemo } from '../../src/demo/demo';
import { DEMO_ADMIN } from '../../src/demo/playground';
import { startLocaleProxy } from './localeProxy';
import { e2eBotLog, findChromium, keepReadmeShots, PlaygroundPage, withWhatWasSeen } from './playgroundPage';

const root = path.resolve(__dirname, '..', '..');
const artifacts = path.join(root, 'e2e-artifacts');
const docsShots = path.join(root, 'docs', 'screenshots');
const fixture = path.join(root, 'fixtures', 'contoso-1000.json');
const chromiumPath = findChromium();

const E3 = (JSON.parse(fs.readFileSync(fixture, 'utf8')) as { skus: Array<{ skuId: string; skuPartNumber: string }> }).skus.find(
  (s) => s.skuPartNumber === 'ENTERPRISEPACK',
)!;

interface LicenseState {
  skuId: string;
  assignedByGroup: string | null;
  state?: string;
  error?: string;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Every user with their license assignment states, read page by page like a Graph client. */
async function allUsers(graphUrl: string): Promise<Array<{ id: string; licenseAssignmentStates: LicenseState[] }>> {
  const users: Array<{ id: string; licenseAssignmentStates: LicenseState[] }> = [];
  let next: string | undefined = `${graphUrl}/users?$select=id,licenseAssignmentStates&$top=999`;
  while (next) {
    const page: { value: typeof users; '@odata.nextLink'?: string } = await getJson(next);
    users.push(...page.value);
    next = page['@odata.nextLink'];
  }
  return users;
}

/** Cards worth showing in the README (from the personal-chat run); copied when missing or when UPDATE_SCREENSHOTS=1. */
const README_SHOTS: Record<string, string> = {
  'sku-choice': 'sku-choice.png',
  verification: 'verification.png',
  'batch-approval': 'batch-approval.png',
  'run-status': 'run-status.png',
  'final-report': 'final-report.png',
};

const describeIfChromium = chromiumPath ? describe : describe.skip;
if (!chromiumPath) {
  console.log("SKIPPED the end-to-end test: no Chromium found (install Debian's `chromium`, as .ci/run does, or set CHROMIUM_PATH).");
}

const BOT_NAME = 'License Migration Bot';

/** The texts the test waits for and reads, per language of the person in Teams. */
interface Texts {
  /**
   * Teams' locale of the person who acts, put on every activity by the locale proxy (the Playground itself always
   * sends en-US); undefined: as the Playground sends it.
   */
  activityLocale: string | undefined;
  /** The browser's language, as a Dutch person's browser would have it (the Playground does not send it on). */
  browserLocale: string | undefined;
  skuQuestion: string;
  choose: string;
  cohortTitle: RegExp;
  continue: string;
  groupRefusal: string;
  preflight: string;
  confirm: string;
  processing: string;
  verification: string | RegExp;
  approvalTitle: RegExp;
  approve: string;
  batchResult: RegExp;
  finalReport: string;
  runStatus: string;
  removed: RegExp;
  failed: RegExp;
  approvedBy: string;
  runId: RegExp;
}

const TEXTS: Record<'en' | 'nl', Texts> = {
  en: {
    activityLocale: undefined,
    browserLocale: undefined,
    skuQuestion: 'Which license do you want to migrate?',
    choose: 'Choose',
    cohortTitle: /^\s*Migrate Office 365 E3/,
    continue: 'Continue',
    groupRefusal: 'Pick an existing group or type a name for a new group.',
    preflight: 'Pre-flight checks',
    confirm: 'Confirm and prepare',
    processing: 'Preparing the group',
    verification: 'Verification',
    approvalTitle: /^\s*Approve (the canary batch|batch \d+ of \d+)/,
    approve: 'Approve',
    batchResult: /(Canary batch|Batch) \d+ of \d+ (finished|done)/i,
    finalReport: 'Final report',
    runStatus: 'Migration',
    removed: /Removed \(keep the license through the group\)\s*1,000/,
    failed: /Failed \(the reason says whether the direct assignment is back\)\s*0/,
    approvedBy: 'Approved by Alex Wilber',
    runId: /Run id ([0-9a-f-]{36})/,
  },
  nl: {
    activityLocale: 'nl-NL',
    browserLocale: 'nl-NL',
    skuQuestion: 'Welke licentie wil je migreren?',
    choose: 'Kiezen',
    cohortTitle: /^\s*Office 365 E3 migreren/,
    continue: 'Doorgaan',
    groupRefusal: 'Kies een bestaande groep of typ een naam voor een nieuwe groep.',
    preflight: 'Controles vooraf',
    confirm: 'Bevestigen en voorbereiden',
    processing: 'De groep voorbereiden',
    // Not "Controles vooraf": the verification card's title is the word alone.
    verification: /^\s*Controle\s*$/,
    approvalTitle: /^\s*(De canary-batch goedkeuren|Batch \d+ van \d+ goedkeuren)/,
    approve: 'Goedkeuren',
    batchResult: /(Canary-batch|Batch) \d+ van \d+ voltooid/i,
    finalReport: 'Eindrapport',
    runStatus: 'Migratie',
    removed: /Verwijderd \(houden de licentie via de groep\)\s*1\.000/,
    failed: /Mislukt \(de reden zegt of de directe toewijzing terug is\)\s*0/,
    approvedBy: 'Goedgekeurd door Alex Wilber',
    runId: /Run-id ([0-9a-f-]{36})/,
  },
};

/**
 * Where the admin talks to the bot: the personal chat, or a team channel (every message @mentions the
 * bot; the bot answers, and posts its batch cards, in the thread of the `migrate` post).
 */
type Surface = 'personal' | 'channel';

function describeSurface(surface: Surface, readmeShots: Record<string, string>, language: 'en' | 'nl' = 'en'): void {
  const x = TEXTS[language];
  const shotsTo = language === 'en' ? docsShots : path.join(docsShots, language);
  describeIfChromium(
    `migrate in Agents Playground, ${surface === 'personal' ? 'personal chat' : 'team channel'}${language === 'en' ? '' : `, ${language}-NL`} (headless Chromium)`,
    () => {
      const shotsDir = path.join(artifacts, language === 'en' ? surface : `${surface}-${language}`);
      const botLog = path.join(artifacts, `bot-${language === 'en' ? surface : `${surface}-${language}`}.log`);
      let demo: RunningDemo | undefined;
      let pp: PlaygroundPage | undefined;
      const shots = new Map<string, string>();

      beforeAll(async () => {
        fs.rmSync(shotsDir, { recursive: true, force: true });
        fs.mkdirSync(shotsDir, { recursive: true });
        demo = await startDemo({
          rootDir: root,
          // A clean environment: the test must not pick up credentials or ports of whoever runs it.
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
          },
          logger: e2eBotLog(botLog),
          ...(x.activityLocale ? { interposeOnBotEndpoint: (endpoint: string) => startLocaleProxy(endpoint, x.activityLocale!) } : {}),
          fixture,
          simPort: 0,
          botPort: 0,
          playgroundPort: 0,
          simBehaviour: { groupProcessingDelayMs: 300 },
          engineOptions: { pollIntervalMs: 200 },
          workDir: path.join(shotsDir, 'playground'),
        });
        pp = await PlaygroundPage.open(demo.playground!.url, {
          executablePath: chromiumPath!,
          artifactsDir: shotsDir,
          ...(x.browserLocale ? { locale: x.browserLocale } : {}),
        });
      }, 120_000);

      afterAll(async () => {
        await pp?.close();
        await demo?.close();
      });

      const shoot = async (card: Parameters<PlaygroundPage['screenshotCard']>[0], name: string): Promise<void> => {
        shots.set(name, await pp!.screenshotCard(card, name));
      };

      it('should migrate contoso-1000 from direct to group-based E3 with an approval per batch', async () => {
        const p = pp!;
        const sim = demo!.sim!;
        try {
          expect(demo!.mode.kind).toBe('simulated');
          expect(demo!.config.fourEyes).toBe(false);

          if (surface === 'personal') {
            await shoot(await p.waitForCard(BOT_NAME), 'welcome');
            await p.send('migrate');
          } else {
            await p.openConversation('IT Admins - Licensing');
            await p.postInChannel(BOT_NAME, 'migrate');
          }
          const skuCard = await p.waitForCard(x.skuQuestion);
          await shoot(skuCard, 'sku-choice');
          await p.click(skuCard, x.choose);

          const cohortCard = await p.waitForCard(x.cohortTitle);
          await shoot(cohortCard, 'cohorts');
          // Continue with nothing chosen: the refusal is shown on the card itself, which stays usable.
          await p.click(cohortCard, x.continue);
          await cohortCard.locator('.ac-textBlock', { hasText: x.groupRefusal }).waitFor({ state: 'visible', timeout: 30_000 });
          await shoot(cohortCard, 'cohort-refused');
          expect(await p.action(cohortCard, x.continue).isVisible()).toBe(true);
          // The group is named in chat, as the bot's prompt offers ("type a group name, its id, or new <name>").
          if (surface === 'personal') await p.send('All users');
          else await p.postInChannel(BOT_NAME, 'All users', cohortCard);

          const preflight = await p.waitForCard(x.preflight);
          await shoot(preflight, 'preflight');
          await p.click(preflight, x.confirm);

          await shoot(await p.waitForCard(x.processing), 'processing');
          const verification = await p.waitForCard(x.verification, 120_000);
          await shoot(verification, 'verification');
          // Every card names the product as the admin center does, not by its part number.
          expect(await verification.innerText()).toMatch(/Office 365 E3 → All users/);
          expect(await verification.innerText()).not.toContain('ENTERPRISEPACK');

          // Approval cards are found by position: answering one re-renders it in place (new title, no buttons).
          const approvalTitle = x.approvalTitle;
          const finalReport = p.card(x.finalReport);
          const deadline = Date.now() + 4 * 60_000;
          let approvals = 0;
          let firstDecision = '';
          while ((await finalReport.count()) === 0) {
            if (Date.now() > deadline) throw new Error(`no final report after ${approvals} approvals`);
            const open = await p.cardsWhere(approvalTitle.source, x.approve);
            if (open.length === 0) {
              await p.page.waitForTimeout(250);
              continue;
            }
            const card = p.cardAt(open[0]);
            if (approvals === 0) await shoot(card, 'batch-approval');
            await p.click(card, x.approve);
            approvals += 1;
            // The invoke answer replaces the clicker's card without buttons; wait for that before looking again.
            await p.action(card, x.approve).waitFor({ state: 'detached', timeout: 30_000 });
            if (approvals === 1) {
              await shoot(card, 'batch-approved');
              firstDecision = await card.innerText();
              await shoot(await p.waitForCard(x.batchResult), 'batch-result');
              if (surface === 'channel') shots.set('channel-thread', await p.screenshotPage('channel-thread'));
            }
          }

          const report = await p.waitForCard(x.finalReport);
          await shoot(report, 'final-report');
          await shoot(p.card(`${x.runStatus} Office 365 E3 → All users`), 'run-status');
          const reportText = await report.innerText();
          expect(reportText).toMatch(/^\s*(Final report|Eindrapport): Office 365 E3 → All users/);
          expect(reportText).not.toContain('ENTERPRISEPACK');
          expect(reportText).toMatch(x.removed);
          expect(reportText).toMatch(x.failed);
          expect(approvals).toBeGreaterThanOrEqual(2);
          expect(approvals).toBe(Number(/Batches\s*(\d+)/.exec(reportText)?.[1]));
          // The Playground's configured user (its Entra object id is the demo's approver) is who approved.
          expect(firstDecision).toContain(x.approvedBy);

          // The simulator watched every change: nobody lost a service.
          const invariants = await getJson<{ violations: unknown[] }>(`${sim.url}/_sim/invariants`);
          expect(invariants.violations).toEqual([]);

          const users = await allUsers(sim.graphUrl);
          expect(users).toHaveLength(1000);
          const e3 = (u: (typeof users)[number]) =>
            u.licenseAssignmentStates.filter((st) => st.skuId.toLowerCase() === E3.skuId.toLowerCase());
          const stillDirect = users.filter((u) => e3(u).some((st) => !st.assignedByGroup));
          expect(stillDirect.map((u) => u.id)).toEqual([]);
          const inheritedActive = users.filter((u) =>
            e3(u).some((st) => st.assignedByGroup && st.state === 'Active' && (st.error ?? 'None') === 'None'),
          );
          expect(inheritedActive).toHaveLength(1000);

          // The bot's journal: every removal came after an approval of its batch by the Playground user,
          // and nobody was removed twice.
          const runId = x.runId.exec(reportText)?.[1];
          expect(runId).toBeDefined();
          const journal = await demo!.bot.services.journal!.read(runId!);
          const approvedAt = new Map<string, number>();
          for (const e of journal)
            if (e.kind === 'batch.approval' && e.batchId && !approvedAt.has(e.batchId)) approvedAt.set(e.batchId, e.seq);
          const removals = journal.filter((e) => e.kind === 'license.removed');
          expect(removals).toHaveLength(1000);
          expect(new Set(removals.map((e) => e.userId)).size).toBe(1000);
          for (const e of removals) expect(e.seq).toBeGreaterThan(approvedAt.get(e.batchId!) ?? Infinity);
          expect(journal.filter((e) => e.kind === 'batch.approval').every((e) => e.actorId === DEMO_ADMIN.aadObjectId)).toBe(true);

          keepReadmeShots(shots, readmeShots, shotsTo);
        } catch (err) {
          throw withWhatWasSeen(err, await p.saveFailure(botLog));
        }
      }, 300_000);
    },
  );
}

describeSurface('personal', README_SHOTS);
describeSurface('channel', { 'channel-thread': 'channel-thread.png' });
// Dutch, as a person whose Teams speaks nl-NL sees it (locale proxy above); its screenshots go to docs/screenshots/nl/.
describeSurface('personal', { ...README_SHOTS, preflight: 'preflight.png', 'batch-result': 'batch-result.png' }, 'nl');
