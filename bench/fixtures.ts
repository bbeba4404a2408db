import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/** A copy of a shipped generated fixture with another user count, written to a temp file. */
export function sizedFixture(name: string, users: number): string {
  const f = JSON.parse(readFileSync(path.join(root, 'fixtures', name), 'utf8'));
  // A larger tenant buys more licenses, in the fixture's proportion: the bench measures reads, not a shortage.
  const scale = users / f.generate.users;
  if (scale > 1) for (const sku of f.skus) sku.prepaidUnits.enabled = Math.ceil(sku.prepaidUnits.enabled * scale);
  f.generate.users = users;
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lmb-fixture-')), name);
  writeFileSync(file, JSON.stringify(f));
  return file;
}

/** The first licensed group of a shipped fixture. */
export function fixtureGroup(name: string): string {
  const f = JSON.parse(readFileSync(path.join(root, 'fixtures', name), 'utf8'));
  return f.groups[0].id as string;
}
