import type { Sku } from '../graph/types';

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

/** The name a person knows the SKU by: Graph's displayName, a known product name, or the part number. */
export function skuProductName(sku: Pick<Sku, 'skuPartNumber' | 'displayName'>): string {
  return sku.displayName?.trim() || PRODUCT_NAMES[sku.skuPartNumber?.toUpperCase()] || sku.skuPartNumber;
}
