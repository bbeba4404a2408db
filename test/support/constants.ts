/** Ids the tests share: Microsoft's real Office 365 E3 SKU and plans, and the groups of the shipped fixtures. */

/** Office 365 E3 (ENTERPRISEPACK). */
export const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';

/** Service plans of Office 365 E3, by servicePlanName. */
export const E3_PLANS = {
  EXCHANGE_S_ENTERPRISE: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
  SHAREPOINTENTERPRISE: '5dbe027f-2339-4123-9542-606e4d348a72',
  SHAREPOINTWAC: 'e95bec33-7c88-4a70-8e19-b10bd9d0c014',
  TEAMS1: '57ff2da0-773e-42df-b2af-ffb7a2317929',
  MCOSTANDARD: '0feaeb32-d00e-4d66-bd5a-43b5b83db82c',
  OFFICESUBSCRIPTION: '43de0ff5-c92c-492b-9116-175376d08c38',
  YAMMER_ENTERPRISE: '7547a3fe-08ee-4ccb-b430-5077c5041653',
  SWAY: 'a23b959c-7ce8-4e57-9140-b90eb88a9e97',
  FORMS_PLAN_E3: '2789c901-c14e-48ab-a76a-be334d9d793a',
  PROJECTWORKMANAGEMENT: 'b737dad2-2f6c-4c65-90e3-ca563267e8b9',
  RMS_S_ENTERPRISE: 'bea4c11e-220a-4e6d-8eb8-8ea15d019f90',
} as const;

/** The "All users" group of fixtures/contoso-1000.json (every generated user, no license yet). */
export const CONTOSO_ALL_USERS = '00000000-0000-0101-0000-000000000001';
