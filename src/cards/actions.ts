/**
 * Zod schemas of every Action.Execute payload, by verb. Cards carry only opaque ids;
 * the truth lives in server storage, so anything else in a payload is refused.
 */
import { z } from 'zod';
import { GUID_PATTERN } from '../common/ids';
import { localizer, type Localizer } from '../i18n';

export const CARD_VERBS = [
  'migrate.sku',
  'migrate.group',
  'migrate.confirm',
  'run.cancel',
  'run.pause',
  'run.resume',
  'run.rollback',
  'errors.page',
  'errors.reprocess',
  'batch.approve',
  'batch.reject',
  'drift.followUp',
  'plan.migrate',
  'plan.show',
] as const;
export type CardVerb = (typeof CARD_VERBS)[number];

/** Largest accepted payload (JSON characters): ids are short, but a cohort key lists disabled plan GUIDs. */
export const MAX_PAYLOAD_CHARS = 8192;
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const typed = (what: string, kind: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? `${what} is missing` : `${what} must be ${kind}`),
});
const id = (what: string) =>
  z.string(typed(what, 'a string')).regex(ID_PATTERN, { error: `${what} must be an id of 1–128 letters, digits, '.', '_', ':' or '-'` });
const guid = (what: string) => z.string(typed(what, 'a string')).regex(GUID_PATTERN, { error: `${what} is not a valid GUID` });
const cardVersion = z
  .number(typed('cardVersion', 'a number'))
  .int({ error: 'cardVersion must be a whole number' })
  .min(0, { error: 'cardVersion must be 0 or more' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'cardVersion is too large' });
const runRef = { runId: id('runId'), cardVersion };

/** A page of the users-in-error card. */
const errorPage = z
  .number(typed('page', 'a number'))
  .int({ error: 'page must be a whole number' })
  .min(0, { error: 'page must be 0 or more' })
  .max(1_000_000, { error: 'page is too large' });

/** The distinct users of one page of the error card. */
const pageUserIds = (what: string) =>
  z
    .array(guid('a user id'), typed(what, 'a list'))
    .min(1, { error: `${what} is empty` })
    .max(25, { error: `${what} lists more than 25 users (one page of the error card)` })
    .refine((ids) => new Set(ids.map((x) => x.toLowerCase())).size === ids.length, { error: `${what} lists a user twice` });

/** Whether two lists name the same users (ids compared without case; repeats in `b` allowed). */
function sameUsers(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map((x) => x.toLowerCase()));
  const right = new Set(b.map((x) => x.toLowerCase()));
  return left.size === right.size && [...left].every((x) => right.has(x));
}

const groupChoice = z.union(
  [
    z.strictObject({ id: guid('group id') }),
    z.strictObject({
      newName: z
        .string(typed('the new group name', 'text'))
        .trim()
        .min(1, { error: 'the new group name is empty' })
        .max(256, { error: 'the new group name is longer than 256 characters' }),
    }),
  ],
  { error: 'group must be an existing group id or a new group name' },
);

export const CardActionSchema = z.discriminatedUnion('verb', [
  z.strictObject({ verb: z.literal('migrate.sku'), skuId: guid('skuId') }),
  z.strictObject({
    verb: z.literal('migrate.group'),
    skuId: guid('skuId'),
    cohortKey: z
      .string(typed('cohortKey', 'a string'))
      .max(4096, { error: 'cohortKey is too long' })
      .regex(/^[\x20-\x7e]+$/, { error: 'cohortKey is empty or contains invalid characters' })
      .optional(),
    group: groupChoice,
  }),
  z.strictObject({ verb: z.literal('migrate.confirm'), ...runRef }),
  z.strictObject({ verb: z.literal('run.cancel'), ...runRef }),
  z.strictObject({ verb: z.literal('run.pause'), ...runRef }),
  z.strictObject({ verb: z.literal('run.resume'), ...runRef }),
  z.strictObject({ verb: z.literal('run.rollback'), ...runRef, batchId: id('batchId').optional() }),
  z.strictObject({
    verb: z.literal('errors.page'),
    runId: id('runId'),
    page: errorPage,
  }),
  z
    .strictObject({
      verb: z.literal('errors.reprocess'),
      runId: id('runId'),
      page: errorPage,
      // The users in error on the clicked page of the error card (at most one page).
      userIds: pageUserIds('userIds'),
      // A run of several products: which product each of those users is in error on (the engine judges a user by one
      // product). A user in error on two products is in both.
      products: z
        .array(
          z.strictObject({ skuId: guid('skuId'), userIds: pageUserIds('the userIds of a product') }, typed('a product', 'an object')),
          typed('products', 'a list'),
        )
        .min(1, { error: 'products is empty' })
        .max(25, { error: 'products lists more than 25 products' })
        .refine((ps) => new Set(ps.map((p) => p.skuId.toLowerCase())).size === ps.length, { error: 'products lists a product twice' })
        .optional(),
    })
    .refine(
      (a) =>
        !a.products ||
        sameUsers(
          a.userIds,
          a.products.flatMap((p) => p.userIds),
        ),
      {
        error: 'products must name exactly the users of userIds',
      },
    ),
  z.strictObject({
    verb: z.literal('batch.approve'),
    ...runRef,
    batchId: id('batchId'),
    // The approval card's toggle (Input.Toggle posts its valueOn/valueOff): also remove the batch's planGain users.
    acceptGain: z.enum(['true', 'false'], { error: "acceptGain must be 'true' or 'false'" }).optional(),
  }),
  z.strictObject({ verb: z.literal('batch.reject'), ...runRef, batchId: id('batchId') }),
  // "Start a follow-up run" on a drift card: the completed run whose SKU, cohort and group the new run takes.
  z.strictObject({ verb: z.literal('drift.followUp'), runId: id('runId') }),
  // "The whole tenant" on the license choice of `migrate`: the license plan instead of one SKU.
  z.strictObject({ verb: z.literal('plan.show') }),
  // "Migrate profile n" on the license plan card: the profile (its key lists SKU and plan GUIDs) and the group proposed.
  z.strictObject({
    verb: z.literal('plan.migrate'),
    profileKey: z
      .string(typed('profileKey', 'a string'))
      .max(4096, { error: 'profileKey is too long' })
      .regex(/^[\x20-\x7e]+$/, { error: 'profileKey is empty or contains invalid characters' }),
    // A merge: the larger profile whose products and group the profile's users take on.
    intoProfileKey: z
      .string(typed('intoProfileKey', 'a string'))
      .max(4096, { error: 'intoProfileKey is too long' })
      .regex(/^[\x20-\x7e]+$/, { error: 'intoProfileKey is empty or contains invalid characters' })
      .optional(),
    group: groupChoice,
  }),
]);

export type CardActionPayload = z.infer<typeof CardActionSchema>;
export type CardActionOf<V extends CardVerb> = Extract<CardActionPayload, { verb: V }>;

export type ParsedCardAction = { ok: true; action: CardActionPayload } | { ok: false; message: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The cohort card posts its inputs flat (groupId / newGroupName); fold them into `group`. */
function foldGroupInputs(data: Record<string, unknown>, l: Localizer): Record<string, unknown> | string {
  if ('group' in data) return data;
  const { groupId, newGroupName, ...rest } = data;
  const pickedId = typeof groupId === 'string' ? groupId.trim() : groupId;
  const newName = typeof newGroupName === 'string' ? newGroupName.trim() : newGroupName;
  const hasId = pickedId !== undefined && pickedId !== '';
  const hasName = newName !== undefined && newName !== '';
  if (hasId && hasName) return l.m.input.groupBoth;
  if (!hasId && !hasName) return l.m.input.groupNeither;
  return { ...rest, group: hasId ? { id: pickedId } : { newName } };
}

/** Validates an Action.Execute invoke (verb + data) into a typed payload, or says clearly why not (in `l`'s language). */
export function parseCardAction(verb: unknown, data: unknown, l: Localizer = localizer('en')): ParsedCardAction {
  const t = l.m.input;
  if (typeof verb !== 'string' || !(CARD_VERBS as readonly string[]).includes(verb)) {
    const shown = typeof verb === 'string' ? `'${verb.slice(0, 40)}'` : t.missingVerb;
    return { ok: false, message: l.f(t.unknownAction, { verb: shown }) };
  }
  const raw = data === undefined || data === null ? {} : data;
  if (!isPlainObject(raw)) return { ok: false, message: l.f(t.notObject, { verb }) };
  let size: number;
  try {
    size = JSON.stringify(raw).length;
  } catch {
    return { ok: false, message: l.f(t.notJson, { verb }) };
  }
  if (size > MAX_PAYLOAD_CHARS) {
    return { ok: false, message: l.f(t.tooLarge, { verb, size, max: MAX_PAYLOAD_CHARS }) };
  }
  // The verb comes from the action itself, never from the data.
  const { verb: _ignored, ...fields } = raw;
  let candidate: Record<string, unknown> | string = fields;
  if (verb === 'migrate.group') candidate = foldGroupInputs(fields, l);
  if (typeof candidate === 'string') return { ok: false, message: candidate };
  const parsed = CardActionSchema.safeParse({ ...candidate, verb });
  if (!parsed.success) {
    // Every schema message names its field, so the first issue reads on its own.
    const issue = parsed.error.issues[0];
    return { ok: false, message: l.f(t.refused, { verb, reason: issueText(issue, l) }) };
  }
  return { ok: true, action: parsed.data };
}

/**
 * One schema issue in the reader's language: English keeps the schema's own sentence (it names the field and the
 * rule); other languages name the field and whether it is missing or invalid.
 */
function issueText(issue: z.core.$ZodIssue, l: Localizer): string {
  const t = l.m.input;
  if (issue.code === 'unrecognized_keys')
    return l.f(t.unexpectedFields, { fields: issue.keys.map((k) => `'${k.slice(0, 40)}'`).join(', ') });
  if (l.locale === 'en') return issue.message;
  const field = issue.path.map(String).join('.') || 'data';
  return l.f(issue.input === undefined ? t.fieldMissing : t.fieldInvalid, { field: field.slice(0, 60) });
}
