import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import JSZip from 'jszip';
import {
  APP_DIR,
  PACKAGE_FILES,
  PackageError,
  buildAppPackage,
  fillManifest,
  manifestValues,
  validateManifest,
} from '../scripts/package-app';
import { BOT_COMMANDS } from '../src/cards/welcome';

const BOT_ID = '11111111-2222-4333-8444-555555555555';
const COMMANDS = [
  'migrate',
  'plan',
  'status',
  'verify',
  'errors',
  'spotcheck',
  'pause',
  'resume',
  'cancel',
  'rollback',
  'report',
  'drift',
  'help',
];
const repoRoot = path.resolve(__dirname, '..');

interface Png {
  width: number;
  height: number;
  rgba: Buffer;
}

/** Reads an 8-bit RGBA, non-interlaced PNG whose rows use filter 0 (what scripts/make-icons.ts writes). */
function readPng(bytes: Buffer): Png {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, rgba };
}

function filled(env: Record<string, string> = { MicrosoftAppId: BOT_ID }): Record<string, unknown> {
  return fillManifest(fs.readFileSync(path.join(APP_DIR, 'manifest.json'), 'utf8'), manifestValues(env));
}

describe('Teams app manifest', () => {
  it('should validate against the v1.30 schema of @microsoft/app-manifest once filled', () => {
    const manifest = filled({ BOT_ID, BOT_DOMAIN: 'bot.contoso.com' });
    expect(validateManifest(manifest)).toEqual([]);
    expect(manifest.manifestVersion).toBe('1.30');
    expect(manifest.id).toBe(BOT_ID);
    expect(manifest.validDomains).toEqual(['token.botframework.com', 'bot.contoso.com']);
    expect(JSON.stringify(manifest)).not.toContain('${{');
  });

  it('should be the newest released manifest version in the package', () => {
    const dir = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
    const versions = fs
      .readdirSync(dir)
      .filter((d) => /^v\d+\.\d+$/.test(d))
      .map((d) => d.slice(1));
    const key = (v: string) => v.split('.').map(Number);
    const newest = versions.sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]).pop();
    expect(filled().manifestVersion).toBe(newest);
  });

  it('should declare the bot in personal, team and group chat with every chat command per scope', () => {
    const [bot] = filled().bots as {
      botId: string;
      scopes: string[];
      commandLists: { scopes: string[]; commands: { title: string }[] }[];
    }[];
    expect(bot.botId).toBe(BOT_ID);
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.commandLists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    // The help card lists every command; the Teams menu (at most 12) all but the ones the card alone explains.
    expect(BOT_COMMANDS.map((c) => c.name)).toEqual(COMMANDS);
    const menu = BOT_COMMANDS.filter((c) => c.inMenu !== false).map((c) => c.name);
    expect(menu.length).toBeLessThanOrEqual(12);
    for (const list of bot.commandLists) expect(list.commands.map((c) => c.title)).toEqual(menu);
  });

  it('should be rejected by the schema when broken (the oracle is live)', () => {
    const manifest = filled();
    expect(validateManifest({ ...manifest, id: 'not-a-guid' }).join('\n')).toMatch(/\/id/);
    expect(validateManifest({ ...manifest, manifestVersion: '1.17' }).length).toBeGreaterThan(0);
  });
});

describe('app icons', () => {
  it('should have a 192×192 color icon', () => {
    const png = readPng(fs.readFileSync(path.join(APP_DIR, 'color.png')));
    expect([png.width, png.height]).toEqual([192, 192]);
  });

  it('should have a 32×32 outline icon that is only white on transparent', () => {
    const png = readPng(fs.readFileSync(path.join(APP_DIR, 'outline.png')));
    expect([png.width, png.height]).toEqual([32, 32]);
    let visible = 0;
    for (let i = 0; i < png.rgba.length; i += 4) {
      const alpha = png.rgba[i + 3];
      if (alpha === 0) continue;
      visible += 1;
      expect([png.rgba[i], png.rgba[i + 1], png.rgba[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(visible).toBeGreaterThan(50);
    expect(png.rgba[3]).toBe(0); // the corner is transparent
  });
});

describe('npm run package', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'app-package-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('should write a zip with the filled manifest and both icons', async () => {
    const outFile = path.join(tmp, 'appPackage.zip');
    await buildAppPackage({ MicrosoftAppId: BOT_ID }, { outFile });
    const zip = await JSZip.loadAsync(fs.readFileSync(outFile));
    expect(Object.keys(zip.files).sort()).toEqual([...PACKAGE_FILES].sort());
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as { bots: { botId: string }[] };
    expect(manifest.bots[0].botId).toBe(BOT_ID);
    expect(validateManifest(manifest)).toEqual([]);
    const outline = await zip.file('outline.png')!.async('nodebuffer');
    expect(outline.equals(fs.readFileSync(path.join(APP_DIR, 'outline.png')))).toBe(true);
  });

  it('should refuse a missing or malformed bot id and write nothing', async () => {
    const outFile = path.join(tmp, 'appPackage.zip');
    await expect(buildAppPackage({}, { outFile })).rejects.toThrow(/No bot id: set MicrosoftAppId \(or BOT_ID\)/);
    await expect(buildAppPackage({ BOT_ID: 'my-bot' }, { outFile })).rejects.toThrow(PackageError);
    await expect(buildAppPackage({ MicrosoftAppId: `${BOT_ID}"` }, { outFile })).rejects.toThrow(/is not a GUID/);
    await expect(buildAppPackage({ BOT_ID, BOT_DOMAIN: 'bot contoso' }, { outFile })).rejects.toThrow(/BOT_DOMAIN/);
    expect(fs.existsSync(outFile)).toBe(false);
  });

  it('should exit non-zero with a clear message from the command line when the bot id is bad', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const env = { ...process.env, MicrosoftAppId: 'not-a-guid', BOT_ID: '' };
      const child = execFile(
        process.execPath,
        [require.resolve('tsx/cli'), 'scripts/package-app.ts'],
        { cwd: repoRoot, env },
        (_err, _out, stderr) => {
          resolve({ code: child.exitCode, stderr });
        },
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Cannot package the app: The bot id 'not-a-guid' (MicrosoftAppId / BOT_ID) is not a GUID");
  });
});
