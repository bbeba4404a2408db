/** The Adaptive Cards 1.5 schema oracle from ../shared (absent in some checkouts: callers skip then). */
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';

export const SHARED_DIR = path.resolve(__dirname, '..', '..', '..', 'shared');
const SCHEMA_FILE = path.join(SHARED_DIR, 'schemas', 'adaptive-card-1.5.schema.json');

export type CardValidator = (card: unknown) => string[];

/** Returns a validator that lists errors (empty when valid), or null when the schema is absent. */
export function loadCardValidator(): CardValidator | null {
  if (!fs.existsSync(SCHEMA_FILE)) return null;
  const { id, ...rest } = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as { id: string } & Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addMetaSchema(draft06);
  // The file uses the draft-04 keyword `id` that Ajv 8 refuses; rename it in memory only.
  const validate = ajv.compile({ ...rest, $id: id });
  return (card: unknown) => {
    if (validate(card)) return [];
    return (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message}`);
  };
}
