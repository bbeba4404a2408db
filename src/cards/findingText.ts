import type { PreflightFinding } from '../migration/types';
import type { Localizer } from '../i18n';
import { skuProductName } from '../migration/skuNames';

/** A finding's values with its product named as cards name products: its part number kept in `sku` is said by name. */
function namedProduct(values: Record<string, string | number>): Record<string, string | number> {
  if (typeof values.sku !== 'string') return values;
  const displayName = typeof values.skuDisplayName === 'string' ? values.skuDisplayName : undefined;
  return { ...values, sku: skuProductName({ skuPartNumber: values.sku, displayName }) };
}

/**
 * A pre-flight finding's sentence and fix in the reader's language, from its variant and values. A finding without
 * them (made by an older version) keeps the English sentence it carries.
 */
export function findingText(f: PreflightFinding, l: Localizer): { message: string; fix: string } {
  if (!f.about) return { message: f.message, fix: f.fix };
  const t = l.m.findings;
  const v = namedProduct(f.about.values);
  const num = (key: string) => Number(v[key] ?? 0);
  switch (f.about.variant) {
    case 'nestedGroups':
    case 'usageLocationNew':
    case 'usageLocationCohort':
    case 'mutuallyExclusivePlans':
    case 'missingDependency':
    case 'dynamicAwaiting': {
      const text = t[f.about.variant];
      return { message: l.p(text.message, num('count'), v), fix: text.fix };
    }
    case 'insufficientUnits': {
      const text = t.insufficientUnits;
      const message = l.p(text.message, num('members'), { ...v, free: l.p(text.free, num('free')) });
      return { message, fix: text.fix };
    }
    case 'multipleCohorts': {
      const text = t.multipleCohorts;
      const parts = [l.f(text.message, v)];
      if (num('outside') > 0) parts.push(l.p(text.outside, num('outside')));
      if (num('inGroup') > 0) parts.push(`${l.p(text.inGroup, num('inGroup'))} ${text.inGroupMeans}`);
      return { message: parts.join(' '), fix: text.fix };
    }
    case 'mergeGain': {
      const text = t.mergeGain;
      const p = l.m.cards.licensePlan;
      let gains = String(v.gains ?? '');
      try {
        const list = JSON.parse(String(v.gainList ?? '[]')) as { skuName: string; plans: string[]; wholeProduct: boolean }[];
        if (list.length)
          gains = list
            .map((g) =>
              g.wholeProduct ? l.f(p.gainAll, { product: g.skuName }) : l.f(p.gainPlans, { plans: g.plans.join(', '), product: g.skuName }),
            )
            .join('; ');
      } catch {
        // A finding written otherwise keeps the English list it carries.
      }
      return { message: l.p(text.message, num('count'), { ...v, gains }), fix: text.fix };
    }
    case 'dynamicUnmatched': {
      const text = t.dynamicUnmatched;
      const message = l.p(text.message, num('count'), { ...v, why: num('byRule') ? text.byRule : '' });
      return { message: num('named') ? `${message} ${l.f(text.named, { count: num('named') })}` : message, fix: text.fix };
    }
    default: {
      const text = t[f.about.variant];
      return { message: l.f(text.message, v), fix: text.fix };
    }
  }
}
