import type { Run } from './types';

/**
 * Short names admins use for common SKUs ("the E3 migration"). Unknown SKUs fall back to their product name
 * when it is short, else their part number.
 */
const SHORT_SKU_NAMES: Record<string, string> = {
  STANDARDPACK: 'E1',
  ENTERPRISEPACK: 'E3',
  ENTERPRISEPREMIUM: 'E5',
  ENTERPRISEPREMIUM_NOPSTNCONF: 'E5',
  DESKLESSPACK: 'F3',
  SPE_E3: 'M365 E3',
  SPE_E5: 'M365 E5',
  SPE_F1: 'M365 F3',
  M365_F1: 'M365 F1',
  SPB: 'Business Premium',
  O365_BUSINESS_ESSENTIALS: 'Business Basic',
  O365_BUSINESS_PREMIUM: 'Business Standard',
  O365_BUSINESS: 'Apps for business',
  OFFICESUBSCRIPTION: 'Apps for enterprise',
  EMS: 'EMS E3',
  EMSPREMIUM: 'EMS E5',
  AAD_PREMIUM: 'Entra ID P1',
  AAD_PREMIUM_P2: 'Entra ID P2',
  EXCHANGESTANDARD: 'Exchange P1',
  EXCHANGEENTERPRISE: 'Exchange P2',
  POWER_BI_PRO: 'Power BI Pro',
  VISIOCLIENT: 'Visio P2',
  PROJECTPREMIUM: 'Project P5',
  PROJECTPROFESSIONAL: 'Project P3',
};

const MAX_SKU_CHARS = 24;
const MAX_GROUP_CHARS = 60;

/** The scope run numbers count in: one sequence per tenant (runs without a tenant share one). */
export function runNumberScope(tenantId: string | undefined): string {
  return tenantId?.trim().toLowerCase() || 'default';
}

/** The short name of a SKU, e.g. "E3" for ENTERPRISEPACK. */
export function shortSkuName(skuPartNumber: string, displayName?: string): string {
  const known = SHORT_SKU_NAMES[skuPartNumber.toUpperCase()];
  if (known) return known;
  const name = displayName?.trim();
  return clip(name && name.length <= MAX_SKU_CHARS ? name : skuPartNumber, MAX_SKU_CHARS);
}

/**
 * A run's readable name, e.g. "E3 → Licensing E3 · #3": SKU, target group and the tenant's run number. A run of
 * several products names them all ("E3 + EMS E3 → …"), clipped like a long product name.
 */
export function runName(parts: {
  skuPartNumber: string;
  skuDisplayName?: string;
  groupDisplayName: string;
  number: number;
  /** Every product of a run made from a license profile, in the run's order. */
  products?: readonly { skuPartNumber: string; skuDisplayName?: string }[];
}): string {
  if (parts.products && parts.products.length > 1) {
    const label = clip(parts.products.map((p) => shortSkuName(p.skuPartNumber, p.skuDisplayName)).join(' + '), MAX_SKU_CHARS * 2);
    return `${label} → ${groupPart(parts.groupDisplayName)} · #${parts.number}`;
  }
  return `${nameBase(parts.skuPartNumber, parts.groupDisplayName, parts.skuDisplayName)} · #${parts.number}`;
}

/**
 * The name a run is shown and addressed by. Runs stored before runs had names get one from their SKU, group and
 * the start of their id, which keeps it unambiguous without inventing a number another run may hold.
 */
export function runLabel(run: Pick<Run, 'id' | 'name' | 'skuPartNumber' | 'groupDisplayName'>): string {
  if (run.name) return run.name;
  return `${nameBase(run.skuPartNumber, run.groupDisplayName)} · ${run.id.slice(0, 8)}`;
}

function nameBase(skuPartNumber: string, groupDisplayName: string, skuDisplayName?: string): string {
  return `${shortSkuName(skuPartNumber, skuDisplayName)} → ${groupPart(groupDisplayName)}`;
}

function groupPart(groupDisplayName: string): string {
  return clip(groupDisplayName.replace(/\s+/g, ' ').trim() || 'new group', MAX_GROUP_CHARS);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
