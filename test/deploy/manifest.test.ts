/**
 * (b) The manifest the toolkit builds (teamsApp/zipAppPackage fills appPackage/manifest.json from env/.env.dev and
 * the provision outputs) validates against its Teams schema, with the same checker as `npm run package`.
 */
import { fillManifest, validateManifest } from '../../scripts/package-app';
import { placeholders, read, readEnvFile } from './deployFiles';

/** env/.env.dev after provision: what teamsApp/create and arm/deploy write. */
function provisionedEnv(): Record<string, string> {
  return {
    ...Object.fromEntries(readEnvFile('env/.env.dev')),
    TEAMS_APP_ID: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    BOT_ID: '0b5f6c2e-1d2a-4c3b-9e8f-7a6b5c4d3e2f',
    BOT_DOMAIN: 'lmbq3x7k2.azurewebsites.net',
  };
}

describe('Teams app manifest as provision builds it', () => {
  it('should validate against the Teams schema once filled from env/.env.dev and the provision outputs', () => {
    const manifest = fillManifest(read('appPackage/manifest.json'), provisionedEnv());
    expect(validateManifest(manifest)).toEqual([]);
    expect((manifest.bots as { botId: string }[])[0].botId).toBe(provisionedEnv().BOT_ID);
    expect(manifest.id).toBe(provisionedEnv().TEAMS_APP_ID);
    expect(manifest.validDomains).toEqual(['token.botframework.com', 'lmbq3x7k2.azurewebsites.net']);
  });

  it('should take its version from APP_VERSION in env/.env.dev', () => {
    expect(placeholders(read('appPackage/manifest.json'))).toContain('APP_VERSION');
    const manifest = fillManifest(read('appPackage/manifest.json'), provisionedEnv());
    expect(manifest.version).toBe(readEnvFile('env/.env.dev').get('APP_VERSION'));
  });

  it('should be refused when provision has not run (no bot id): the oracle is live', () => {
    const manifest = fillManifest(read('appPackage/manifest.json'), { ...provisionedEnv(), BOT_ID: '' });
    expect(validateManifest(manifest).join('\n')).toMatch(/botId/);
  });
});
