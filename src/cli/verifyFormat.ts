import { USER_CLASSES } from '../migration/types';
import { csvField } from '../migration/report';
import type { ProfileLicense } from '../migration/profiles';
import type { VerifyOutput, VerifyProfile } from './verify';

export const FORMATS = ['table', 'csv', 'json'] as const;
export type Format = (typeof FORMATS)[number];
export type VerifyUser = VerifyOutput['users'][number];
type Summary = VerifyOutput['summary'];

/** Where one SKU's section sits in the report. */
export interface SectionPlace {
  /** 0-based, of `count` SKUs. */
  index: number;
  count: number;
  /**
   * Whether the report speaks per SKU (several --sku, or --profile): JSON nests the section in `skus`, CSV adds the
   * skuPartNumber column, the table numbers its titles. One --sku keeps the single-SKU output as it always was.
   */
  perSku: boolean;
}

/** Writes one SKU's section; the report around it comes from reportFrame. */
export interface SectionFormatter {
  /** A section small enough to have been held whole. */
  whole(users: VerifyUser[], summary: Summary): string;
  start(): string;
  /** Called once with the first users before any are written. */
  sample(users: VerifyUser[]): void;
  users(users: VerifyUser[], first: boolean): string;
  end(summary: Summary): string;
}

/** What goes before the first section, between two and after the last. */
export interface ReportFrame {
  open: string;
  between: string;
  close: string;
}

const CSV_COLUMNS = ['id', 'userPrincipalName', 'class', 'error', 'missingPlans', 'gainedPlans'];

/**
 * The report around the sections. JSON per SKU is `{"skus":[…]}`, with `"profile"` first for --profile; CSV has one
 * header row, with skuPartNumber as the last column so that consumers reading the existing columns by position or
 * by name keep working; the table opens with the profile's line for --profile and leaves a blank line between SKUs.
 */
export function reportFrame(format: Format, pretty: boolean, perSku: boolean, profile: VerifyProfile | null): ReportFrame {
  if (format === 'json') {
    if (!perSku) return { open: '', between: '', close: '' };
    const head = profile ? (pretty ? `  "profile": ${indented(profile, '  ')},\n` : `"profile":${JSON.stringify(profile)},`) : '';
    return pretty
      ? { open: `{\n${head}  "skus": [\n`, between: ',\n', close: '\n  ]\n}\n' }
      : { open: `{${head}"skus":[`, between: ',', close: ']}\n' };
  }
  if (format === 'csv') return { open: [...CSV_COLUMNS, ...(perSku ? ['skuPartNumber'] : [])].join(',') + '\r\n', between: '', close: '' };
  return {
    open: profile
      ? `Profile ${profile.number} of ${profile.of} (key "${profile.key}"): ${profileProducts(profile.licenses, 'skuName')}\n` +
        `${profile.users} ${profile.users === 1 ? 'user holds' : 'users hold'} exactly this profile; ` +
        `each SKU below lists all its direct holders, whatever else they hold.\n\n`
      : '',
    between: '\n',
    close: '',
  };
}

/** A profile's products as one line: "Office 365 E3 without YAMMER_ENTERPRISE + Enterprise Mobility + Security E3". */
export function profileProducts(
  licenses: readonly Pick<ProfileLicense, 'skuName' | 'skuPartNumber' | 'disabledPlanNames'>[],
  name: 'skuName' | 'skuPartNumber',
): string {
  return licenses.map((l) => (l.disabledPlanNames.length ? `${l[name]} without ${l.disabledPlanNames.join(', ')}` : l[name])).join(' + ');
}

/** JSON.stringify with two-space indents, every line after the first shifted by `pad`. */
function indented(value: unknown, pad: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad}`);
}

/** The formatter of one SKU's section. */
export function sectionFormatter(
  format: Format,
  head: Pick<VerifyOutput, 'sku' | 'group'>,
  pretty: boolean,
  place: SectionPlace,
): SectionFormatter {
  if (format === 'json') return jsonSection(head, pretty, place.perSku);
  if (format === 'csv') return csvSection(place.perSku ? head.sku.skuPartNumber : null);
  return tableSection(head, place);
}

/** Nested in `skus` (perSku), a section is indented one level deeper and the frame ends the line. */
function jsonSection(head: Pick<VerifyOutput, 'sku' | 'group'>, pretty: boolean, nested: boolean): SectionFormatter {
  const pad = pretty && nested ? '    ' : '';
  const eol = nested ? '' : '\n';
  const item = (u: VerifyUser) => (pretty ? `${pad}    ${JSON.stringify(u)}` : JSON.stringify(u));
  const nl = pretty ? '\n' : '';
  return {
    whole: (users, summary) => {
      const all = { ...head, summary, users };
      return (pretty ? pad + indented(all, pad) : JSON.stringify(all)) + eol;
    },
    start: () =>
      pretty
        ? `${pad}{\n${pad}  "sku": ${JSON.stringify(head.sku)},\n${pad}  "group": ${JSON.stringify(head.group)},\n${pad}  "users": [\n`
        : `{"sku":${JSON.stringify(head.sku)},"group":${JSON.stringify(head.group)},"users":[`,
    sample: () => undefined,
    users: (users, first) => (first ? '' : `,${nl}`) + users.map(item).join(`,${nl}`),
    end: (summary) =>
      pretty
        ? `\n${pad}  ],\n${pad}  "summary": ${indented(summary, `${pad}  `)}\n${pad}}${eol}`
        : `],"summary":${JSON.stringify(summary)}}${eol}`,
  };
}

/** Rows only: the header is the frame's. */
function csvSection(skuPartNumber: string | null): SectionFormatter {
  const extra = skuPartNumber === null ? [] : [skuPartNumber];
  const csv: SectionFormatter = {
    whole: (users) => csv.users(users, true),
    start: () => '',
    sample: () => undefined,
    users: (users) =>
      users
        .map(
          (u) =>
            [u.id, u.userPrincipalName, u.class, u.error ?? '', u.missingPlans.join(' '), u.gainedPlans.join(' '), ...extra]
              .map(csvField)
              .join(',') + '\r\n',
        )
        .join(''),
    end: () => '',
  };
  return csv;
}

function tableSection(head: Pick<VerifyOutput, 'sku' | 'group'>, place: SectionPlace): SectionFormatter {
  let width = 17;
  const title = [
    `${place.perSku ? `SKU ${place.index + 1} of ${place.count}: ` : ''}${head.sku.skuPartNumber} (${head.sku.skuId}) ` +
      `via group "${head.group.displayName}" (${head.group.id})`,
    `processing: ${head.group.processingState ?? 'no license processing'}`,
  ];
  const counts = (summary: Summary) => USER_CLASSES.map((c) => `${c}: ${summary[c]}`).join('  ');
  const table: SectionFormatter = {
    // Held whole, the counts go on top as they always did; streamed, they are known only at the end.
    whole: (users, summary) => [...title, counts(summary), ''].join('\n') + '\n' + table.users(users, true),
    start: () => [...title, ''].join('\n') + '\n',
    sample(users) {
      for (const u of users) width = Math.min(80, Math.max(width, u.userPrincipalName.length));
    },
    users: (users, first) =>
      (first ? `${'userPrincipalName'.padEnd(width)}  ${'class'.padEnd(13)}  detail\n` : '') +
      users
        .map((u) => {
          const detail =
            u.error ??
            (u.missingPlans.length
              ? `missing ${u.missingPlans.join(', ')}`
              : u.gainedPlans.length
                ? `gains ${u.gainedPlans.join(', ')}`
                : '');
          return `${u.userPrincipalName.padEnd(width)}  ${u.class.padEnd(13)}  ${detail}\n`;
        })
        .join(''),
    end: (summary) => `\n${counts(summary)}\n`,
  };
  return table;
}
