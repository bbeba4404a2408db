/** Ids the tests share: Microsoft's real SKU and plan ids, as the fixture generator writes them, and the fixtures' groups. */
import { PLANS, SKU_IDS } from '../../scripts/make-fixtures';

/** Office 365 E3 (ENTERPRISEPACK). */
export const E3: string = SKU_IDS.ENTERPRISEPACK;

/** Service plan ids by servicePlanName (Office 365 E3's, and the few other plans the fixtures use). */
export { PLANS };

/** The "All users" group of fixtures/contoso-1000.json (every generated user, no license yet). */
export const CONTOSO_ALL_USERS = '00000000-0000-0101-0000-000000000001';
