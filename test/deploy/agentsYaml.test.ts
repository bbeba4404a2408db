/**
 * m365agents.yml and m365agents.local.yml: valid against the toolkit's own schema (test/deploy/m365agents-yaml.schema.v1.12.json,
 * copied unchanged from resource/yaml-schema/v1.12 of @microsoft/m365agentstoolkit-cli 1.1.17, MIT), and (d) every
 * name they use defined: ${{VAR}}s by env/.env.<env> or an earlier step, Bicep parameters, referenced files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Ajv from 'ajv';
import { LIFECYCLES, placeholders, read, readAgentsYaml, readBicep, readEnvFile, repoRoot, type AgentsYaml } from './deployFiles';
import { parseMiniYaml, MiniYamlError } from './miniYaml';

const FILES = [
  { file: 'm365agents.yml', env: 'env/.env.dev' },
  { file: 'm365agents.local.yml', env: 'env/.env.local' },
];

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'm365agents-yaml.schema.v1.12.json'), 'utf8')) as object;
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
const problems = (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`));

/** Files a step hands to the toolkit whose ${{VAR}}s the toolkit fills from the same environment. */
function filledFiles(yml: AgentsYaml): string[] {
  const files = new Set<string>();
  for (const lc of LIFECYCLES)
    for (const step of yml[lc] ?? []) {
      const w = step.with ?? {};
      if (typeof w.manifestPath === 'string') files.add(w.manifestPath);
      for (const t of (w.templates as { parameters?: string }[] | undefined) ?? []) if (t.parameters) files.add(t.parameters);
    }
  return [...files];
}

describe.each(FILES)('$file', ({ file, env }) => {
  const yml = readAgentsYaml(file);

  it("should validate against the toolkit's yml schema", () => {
    expect(problems(yml)).toEqual([]);
    // The oracle is live: an unknown action, or a known one without its required inputs, is refused.
    expect(problems({ ...yml, deploy: [{ uses: 'azureAppService/zipDeploy', with: { artifactFolder: '.' } }] })).not.toEqual([]);
    expect(problems({ ...yml, deploy: [{ uses: 'teamsApp/bogus', with: {} }] })).not.toEqual([]);
    expect(read(file)).toContain(`$schema=https://aka.ms/m365-agents-toolkits/${yml.version}/yaml.schema.json`);
  });

  it('should read the same with a full YAML parser when one is installed (js-yaml, a dependency of the tooling)', () => {
    let load: ((s: string) => unknown) | undefined;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      load = (require('js-yaml') as { load: (s: string) => unknown }).load;
    } catch {
      console.log('js-yaml is not installed: the cross-check of test/deploy/miniYaml.ts is skipped');
    }
    if (load) expect(isDeepStrictEqual(parseMiniYaml(read(file)), load(read(file)))).toBe(true);
  });

  it('should use only ${{VAR}}s that its env file defines or an earlier step writes', () => {
    const defined = new Set(readEnvFile(env).keys());
    const bicepOutputs = readBicep().outputs;
    const undefinedVars: string[] = [];
    for (const lc of LIFECYCLES) {
      for (const step of yml[lc] ?? []) {
        const used = placeholders(JSON.stringify(step.with ?? {}));
        for (const f of step.uses === 'arm/deploy' || String(step.uses).startsWith('teamsApp/')
          ? filledFiles({ version: '', [lc]: [step] })
          : [])
          used.push(...placeholders(read(f)));
        undefinedVars.push(...used.filter((v) => !defined.has(v)).map((v) => `${lc}/${step.uses}: ${v}`));
        for (const v of Object.values(step.writeToEnvironmentFile ?? {})) defined.add(v);
        if (step.uses === 'arm/deploy') bicepOutputs.forEach((o) => defined.add(o));
      }
    }
    expect(undefinedVars).toEqual([]);
  });

  it('should name only files that exist', () => {
    const paths: string[] = [...filledFiles(yml)];
    for (const lc of LIFECYCLES)
      for (const step of yml[lc] ?? []) {
        const w = step.with ?? {};
        if (typeof w.ignoreFile === 'string') paths.push(w.ignoreFile);
        for (const t of (w.templates as { path: string }[] | undefined) ?? []) paths.push(t.path);
      }
    for (const p of paths) expect([p, fs.existsSync(path.join(repoRoot, p))]).toEqual([p, true]);
  });
});

describe('env/.env.dev and the Bicep', () => {
  const yml = readAgentsYaml('m365agents.yml');
  const produced = new Set([
    ...readBicep().outputs,
    ...LIFECYCLES.flatMap((lc) => (yml[lc] ?? []).flatMap((s) => Object.values(s.writeToEnvironmentFile ?? {}))),
  ]);

  it('should list every generated variable, and only those, under "Generated during provision"', () => {
    const text = read('env/.env.dev');
    const generated = text.slice(text.indexOf('# Generated during provision'));
    const names = [...generated.matchAll(/^([A-Z0-9_]+)=$/gm)].map((m) => m[1]);
    expect(names.sort()).toEqual([...produced].sort());
  });

  it('should hand azure.bicep only parameters it declares, and every parameter without a default', () => {
    const params = readBicep().params;
    const given = Object.keys((JSON.parse(read('infra/azure.parameters.json')) as { parameters: object }).parameters);
    expect(given.filter((p) => !params.has(p))).toEqual([]);
    const required = [...params.values()].filter((p) => p.defaultExpr === undefined).map((p) => p.name);
    expect(required.filter((p) => !given.includes(p))).toEqual([]);
  });

  it('should deploy the Web App the Bicep creates, as the bot App Service resource id', () => {
    const zipDeploy = (yml.deploy ?? []).find((s) => s.uses === 'azureAppService/zipDeploy');
    expect(zipDeploy?.with?.resourceId).toBe('${{BOT_AZURE_APP_SERVICE_RESOURCE_ID}}');
    expect(read('infra/azure.bicep')).toMatch(/output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp\.id/);
  });

  it('should run the provision steps in the order the toolkit needs: app, Azure, manifest check, package, update', () => {
    expect((yml.provision ?? []).map((s) => s.uses)).toEqual([
      'teamsApp/create',
      'arm/deploy',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]);
  });
});

describe('the YAML subset reader', () => {
  it('should refuse what it does not understand instead of guessing', () => {
    expect(() => parseMiniYaml('a: [1, 2]')).toThrow(MiniYamlError);
    expect(() => parseMiniYaml('a: |\n  text')).toThrow(MiniYamlError);
    expect(() => parseMiniYaml('a: 1\na: 2')).toThrow(/duplicate key a/);
    expect(() => parseMiniYaml('a:\n\t- b')).toThrow(/tabs/);
    expect(() => parseMiniYaml('a: &x 1')).toThrow(MiniYamlError);
  });

  it('should read mappings, lists of mappings, quoted and plain scalars and comments', () => {
    const doc = parseMiniYaml(
      "# c\nv: v1.12\nlist:\n  - uses: x/y # c\n    with:\n      args: 'a: b'\n      n: 3\n  - plain ${{V}}\nflag: true\n",
    );
    expect(doc).toEqual({ v: 'v1.12', list: [{ uses: 'x/y', with: { args: 'a: b', n: 3 } }, 'plain ${{V}}'], flag: true });
  });
});
