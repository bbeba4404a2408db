/** (c) The container and App Service start what `npm run bot` starts, with what it needs at run time. */
import { configSchema } from '../../src/config';
import { read, readBicep } from './deployFiles';

const pkg = JSON.parse(read('package.json')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const dockerfile = read('Dockerfile');

/** The exec-form CMD of the last stage. */
function cmd(): string[] {
  const all = [...dockerfile.matchAll(/^CMD (\[.*\])$/gm)];
  expect(all).toHaveLength(1);
  return JSON.parse(all[0][1]) as string[];
}

describe('Dockerfile', () => {
  it('should run the entry point of `npm run bot` (tsx <file>) as `node --import tsx <file>`', () => {
    const bot = /^tsx (\S+)$/.exec(pkg.scripts.bot);
    expect(bot).not.toBeNull();
    expect(cmd()).toEqual(['node', '--import', 'tsx', bot![1]]);
  });

  it('should install tsx in the runtime stage: it is a production dependency and the stage omits dev dependencies', () => {
    expect(pkg.dependencies.tsx).toBeDefined();
    expect(pkg.devDependencies.tsx).toBeUndefined();
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/RUN npm ci --omit=dev/);
    expect(runtime).toMatch(/COPY --from=build \/app\/src \.\/src/);
    expect(runtime).toMatch(/COPY --from=build \/app\/tsconfig\.json/);
  });

  it('should be multi-stage, run as a non-root user and listen on every interface at the default port', () => {
    expect(dockerfile).toMatch(/^FROM node:20-slim AS build$/m);
    expect(dockerfile).toMatch(/^FROM node:20-slim AS runtime$/m);
    expect(dockerfile).toMatch(/^RUN npm ci$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^ENV HOST=0\.0\.0\.0$/m);
    expect(dockerfile).toMatch(/^EXPOSE 3978$/m);
    expect(configSchema.shape.PORT.parse(undefined)).toBe(3978);
  });

  it('should probe /healthz, a route the bot serves, with Node (no curl in node:20-slim)', () => {
    expect(dockerfile).toMatch(
      /^HEALTHCHECK [^\n]*\\\n\s+CMD \["node", "-e", "fetch\('http:\/\/127\.0\.0\.1:' \+ \(process\.env\.PORT \|\| 3978\) \+ '\/healthz'\)/m,
    );
    expect(read('src/bot/server.ts')).toContain("server.get('/healthz'");
  });

  it('should keep local dependencies, state and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const p of ['node_modules/', '.env', '.data/', '.localConfigs']) expect(ignored).toContain(p);
  });
});

describe('App Service', () => {
  it('should start `npm run bot` on Node 20 LTS (Linux) and check /healthz', () => {
    const site = readBicep().siteConfig;
    expect(site.get('appCommandLine')).toBe("'npm run bot'");
    expect(site.get('linuxFxVersion')).toBe("'NODE|20-lts'");
    expect(site.get('alwaysOn')).toBe('true');
    expect(site.get('healthCheckPath')).toBe("'/healthz'");
  });

  it('should upload the sources tsx runs, without node_modules (installed on Linux by App Service)', () => {
    const ignored = read('.webappignore')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(ignored).toContain('node_modules/');
    for (const needed of ['src/', 'package.json', 'package-lock.json', 'tsconfig.json', '*.ts']) expect(ignored).not.toContain(needed);
  });
});
