/**
 * Product names of common SKUs. Graph's subscribedSkus carries only the part number, and
 * "ENTERPRISEPACK" means little to most admins; unknown part numbers are shown as they are.
 * Source: Microsoft's "Product names and service plan identifiers for licensing" list.
 */
const PRODUCT_NAMES: Record<string, string> = {
  STANDARDPACK: 'Office 365 E1',
  ENTERPRISEPACK: 'Office 365 E3',
  ENTERPRISEPREMIUM: 'Office 365 E5',
  ENTERPRISEPREMIUM_NOPSTNCONF: 'Office 365 E5 (without Audio Conferencing)',
  DESKLESSPACK: 'Office 365 F3',
  SPE_E3: 'Microsoft 365 E3',
  SPE_E5: 'Microsoft 365 E5',
  SPE_F1: 'Microsoft 365 F3',
  M365_F1: 'Microsoft 365 F1',
  SPB: 'Microsoft 365 Business Premium',
  O365_BUSINESS_ESSENTIALS: 'Microsoft 365 Business Basic',
  O365_BUSINESS_PREMIUM: 'Microsoft 365 Business Standard',
  O365_BUSINESS: 'Microsoft 365 Apps for business',
  OFFICESUBSCRIPTION: 'Microsoft 365 Apps for enterprise',
  EMS: 'Enterprise Mobility + Security E3',
  EMSPREMIUM: 'Enterprise Mobility + Security E5',
  AAD_PREMIUM: 'Microsoft Entra ID P1',
  AAD_PREMIUM_P2: 'Microsoft Entra ID P2',
  EXCHANGESTANDARD: 'Exchange Online (Plan 1)',
  EXCHANGEENTERPRISE: 'Exchange Online (Plan 2)',
  POWER_BI_PRO: 'Power BI Pro',
  POWER_BI_STANDARD: 'Microsoft Fabric (Free)',
  VISIOCLIENT: 'Visio Plan 2',
  PROJECTPREMIUM: 'Project Plan 5',
  PROJECTPROFESSIONAL: 'Project Plan 3',
  FLOW_FREE: 'Microsoft Power Automate Free',
  INTUNE_A: 'Microsoft Intune Plan 1',
  WIN_DEF_ATP: 'Microsoft Defender for Endpoint',
};

/** A product as cards and messages name it: its part number, and Graph's display name when one was read. */
export interface NamedProduct {
  skuPartNumber: string;
  /** Graph's name (a Sku's `displayName`). */
  displayName?: string | null;
  /** The same, as runs and reports keep it beside their `skuPartNumber`. */
  skuDisplayName?: string | null;
}

/**
 * The one rule for naming a product to an admin: every card and bot message says the name the Microsoft 365 admin
 * center shows (Graph's displayName, else the known product name), the part number only when no name is known.
 * Part numbers stay where an admin matches Graph or PowerShell output: the license choice card shows both, and the
 * verify CLI, CSV exports, the journal and logs keep them. A run stored without a display name (earlier versions)
 * falls back to the known names, then its part number.
 */
export function skuProductName(sku: NamedProduct): string {
  return sku.displayName?.trim() || sku.skuDisplayName?.trim() || PRODUCT_NAMES[sku.skuPartNumber?.toUpperCase()] || sku.skuPartNumber;
}

/** Several products by that rule, in their order: "Office 365 E3 + Enterprise Mobility + Security E3". */
export function productNames(products: readonly NamedProduct[]): string {
  return products.map(skuProductName).join(' + ');
}
