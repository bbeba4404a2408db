import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import pino from 'pino';
import { createLogger, type Logger } from '../../src/logger';

/** Debian's Chromium (installed by .ci/run), or CHROMIUM_PATH; undefined when there is none. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  return candidates.find((p) => fs.existsSync(p));
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Selectors found by exploring Agents Playground 0.2.28; see test/e2e/PLAYGROUND.md. */
export const SELECTORS = {
  compose: '[data-lexical-editor="true"][role="textbox"]',
  card: '.ac-adaptiveCard',
  /** A bot or user message bubble (text or card). */
  message: '.fai-OutputCard',
} as const;

/** One Agents Playground tab in headless Chromium, with the few gestures a Teams user makes. */
export class PlaygroundPage {
  private shots = 0;

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly profileDir: string,
    private readonly artifactsDir: string,
  ) {}

  /** `locale` is the browser's language (navigator.language); the Playground does not send it on (activities say en-US). */
  static async open(url: string, options: { executablePath: string; artifactsDir: string; locale?: string }): Promise<PlaygroundPage> {
    const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lmb-e2e-chromium-'));
    fs.mkdirSync(options.artifactsDir, { recursive: true });
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: options.executablePath,
      headless: true,
      viewport: { width: 1280, height: 1000 },
      args: CHROMIUM_ARGS,
      ...(options.locale ? { locale: options.locale } : {}),
    });
    // The Playground asks a CDN for its fonts; offline that request can hang the page's load event.
    const local = new URL(url).host;
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      return u.host === local || u.protocol === 'data:' ? route.continue() : route.abort();
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const pp = new PlaygroundPage(context, page, profileDir, options.artifactsDir);
    // "Connected." is logged once the Playground has reached the bot's endpoint.
    await page.getByText('Connected.', { exact: true }).first().waitFor({ timeout: 60_000 });
    return pp;
  }

  /** Types a message into the compose box of the open conversation and sends it with Enter. */
  async send(text: string): Promise<void> {
    const box = this.page.locator(SELECTORS.compose).last();
    await box.click();
    await box.pressSequentially(text);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Posts in the open team channel with an @mention of the bot (the only way a channel post reaches it):
   * a new post, or a reply in the thread that holds `inThreadOf` (a card or message of that thread).
   */
  async postInChannel(botName: string, text: string, inThreadOf?: Locator): Promise<void> {
    const box = inThreadOf
      ? inThreadOf.locator(`xpath=ancestor::*[.//*[@data-lexical-editor="true"]][1]`).locator(SELECTORS.compose).last()
      : this.page.locator(SELECTORS.compose).first();
    await box.click();
    await box.pressSequentially(`@${botName.split(' ')[0]}`);
    await this.page.getByRole('menuitem', { name: botName }).click();
    await box.pressSequentially(` ${text}`);
    const post = (): Promise<void> =>
      inThreadOf ? this.page.keyboard.press('Enter') : this.page.getByRole('button', { name: 'Post', exact: true }).click();
    await post();
    // Under load the first press can land before the editor took the mention; the text is then still in the box
    // and nothing was sent. A sent post empties the box, so a second press can never send it twice.
    for (let i = 0; i < 50 && (await box.innerText().catch(() => '')).includes(text); i += 1) {
      await this.page.waitForTimeout(100);
      if (i === 20) await post();
    }
    if ((await box.innerText().catch(() => '')).includes(text))
      throw new Error(`the post "@${botName} ${text}" was not sent: it is still in the compose box`);
  }

  /** Opens a conversation of the left rail, e.g. 'Personal Chat' or 'IT Admins - Licensing'. */
  async openConversation(name: string): Promise<void> {
    await this.page.getByRole('treeitem', { name }).click();
  }

  /**
   * The latest Adaptive Card with a text block starting with `title` (a string, or a RegExp tested on
   * each text block): cards may put a notice above their title once answered.
   */
  card(title: string | RegExp): Locator {
    const re = typeof title === 'string' ? new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) : title;
    return this.page
      .locator(SELECTORS.card)
      .filter({ has: this.page.locator('.ac-textBlock', { hasText: re }) })
      .last();
  }

  async waitForCard(title: string | RegExp, timeoutMs = 60_000): Promise<Locator> {
    const c = this.card(title);
    await c.waitFor({ state: 'visible', timeout: timeoutMs });
    return c;
  }

  /** The n-th Adaptive Card on the page (document order); a card answered in place keeps its position. */
  cardAt(n: number): Locator {
    return this.page.locator(SELECTORS.card).nth(n);
  }

  /** Positions of the cards with a text block matching `titleSource` and a button titled `button`. */
  async cardsWhere(titleSource: string, button?: string): Promise<number[]> {
    return this.page.evaluate(
      ([src, btn]) => {
        const re = new RegExp(src);
        const out: number[] = [];
        Array.from(document.querySelectorAll('.ac-adaptiveCard')).forEach((el, i) => {
          const card = el as HTMLElement;
          if (!Array.from(card.querySelectorAll('.ac-textBlock')).some((t) => re.test((t as HTMLElement).innerText))) return;
          if (btn && !Array.from(card.querySelectorAll('button')).some((b) => b.innerText.trim() === btn)) return;
          out.push(i);
        });
        return out;
      },
      [titleSource, button ?? ''] as const,
    );
  }

  /** Waits for a bot message (plain text) containing `text`. */
  async waitForText(text: string | RegExp, timeoutMs = 60_000): Promise<Locator> {
    const m = this.page.locator(SELECTORS.message).filter({ hasText: text }).last();
    await m.waitFor({ state: 'visible', timeout: timeoutMs });
    return m;
  }

  /** The Action.Execute (or other action) button of a card, by its title. */
  action(card: Locator, title: string): Locator {
    return card.locator('button', { hasText: new RegExp(`^\\s*${title}\\s*$`) });
  }

  async click(card: Locator, title: string): Promise<void> {
    await this.action(card, title).click();
  }

  /** Saves the message bubble around a card (or the bubble itself) as <artifactsDir>/<nn>-<name>.png. */
  async screenshotCard(cardOrBubble: Locator, name: string): Promise<string> {
    const bubble = cardOrBubble.locator(
      'xpath=ancestor-or-self::div[contains(concat(" ", normalize-space(@class), " "), " fai-OutputCard ")][1]',
    );
    const target = (await bubble.count()) > 0 ? bubble : cardOrBubble;
    this.shots += 1;
    const file = path.join(this.artifactsDir, `${String(this.shots).padStart(2, '0')}-${name}.png`);
    // The chat is a scrolling pane inside a page of the viewport's height: a card taller than the pane came out
    // half blank with the Playground's menu bar across it. The window grows to hold the card for the shot.
    const viewport = this.page.viewportSize();
    const height = (await target.boundingBox())?.height ?? 0;
    const needed = Math.ceil(height) + 400;
    if (viewport && needed > viewport.height) await this.page.setViewportSize({ width: viewport.width, height: needed });
    try {
      await target.scrollIntoViewIfNeeded();
      await target.screenshot({ path: file, animations: 'disabled' });
    } finally {
      if (viewport && needed > viewport.height) await this.page.setViewportSize(viewport);
    }
    return file;
  }

  async screenshotPage(name: string): Promise<string> {
    this.shots += 1;
    const file = path.join(this.artifactsDir, `${String(this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /**
   * What a failed test leaves to look at: a screenshot of the page and every card's text (failure-cards.txt).
   * Returns the last messages of the conversation and the bot log's last lines, for the test's error message:
   * CI keeps only what the test printed.
   */
  async saveFailure(botLog?: string): Promise<string> {
    await this.screenshotPage('failure').catch(() => undefined);
    const cards = await this.page
      .locator('.ac-adaptiveCard')
      .allInnerTexts()
      .catch(() => [] as string[]);
    fs.writeFileSync(path.join(this.artifactsDir, 'failure-cards.txt'), cards.join('\n\n---\n\n'));
    const said = cards.slice(-4).map((m) => m.replace(/\s+/g, ' ').slice(0, 300));
    // The Playground's log panel lists every activity to and from the bot with its HTTP status.
    const body = await this.page
      .locator('body')
      .innerText()
      .catch(() => '');
    const panel = body.includes('Log Panel')
      ? body
          .slice(body.lastIndexOf('Log Panel'))
          .split('\n')
          .filter((l) => l.trim())
      : [];
    const logLines = botLog && fs.existsSync(botLog) ? fs.readFileSync(botLog, 'utf8').trimEnd().split('\n').slice(-20) : [];
    return [
      `last cards on the page (${said.length} of ${cards.length}):`,
      ...said.map((m) => `  | ${m}`),
      `the Playground's log panel, last lines:`,
      ...panel.slice(-16).map((l) => `  | ${l.slice(0, 300)}`),
      `bot log (${botLog ?? 'none'}), last lines:`,
      ...logLines.map((l) => `  | ${l.slice(0, 500)}`),
    ].join('\n');
  }

  /** Texts of every bot/user message bubble, oldest first (for failure diagnostics). */
  async transcript(): Promise<string[]> {
    return this.page.locator(SELECTORS.message).allInnerTexts();
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    fs.rmSync(this.profileDir, { recursive: true, force: true });
  }
}

/** The bot's log for one e2e run, in a file beside its screenshots (warnings and errors unless E2E_LOG_LEVEL says). */
export function e2eBotLog(file: string): Logger {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.rmSync(file, { force: true });
  return createLogger(process.env.E2E_LOG_LEVEL ?? 'warn', pino.destination({ dest: file, sync: true }));
}

/** The test's error with what the page and the bot log showed last appended, so that CI's output explains it. */
export function withWhatWasSeen(err: unknown, seen: string): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  // Jest prints the stack, which already holds the old message.
  const old = e.message;
  e.message = `${old}\n${seen}`;
  if (e.stack?.includes(old)) e.stack = e.stack.replace(old, e.message);
  return e;
}

/** Copies the named screenshots to the README's folder when missing there, or all of them when UPDATE_SCREENSHOTS=1. */
export function keepReadmeShots(shots: ReadonlyMap<string, string>, readmeShots: Record<string, string>, dir: string): void {
  for (const [name, file] of Object.entries(readmeShots)) {
    const src = shots.get(name);
    const dest = path.join(dir, file);
    if (src && (process.env.UPDATE_SCREENSHOTS === '1' || !fs.existsSync(dest))) {
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(src, dest);
    }
  }
}
