import type { Sku } from '../graph/types';
import template from './templates/skuChoice.json';
import { bar, clip, formatCount, plural } from './format';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
import { skuProductName } from '../migration/skuNames';
import type { AdaptiveCard } from './types';

export interface SkuChoiceCardInput {
  skus: Sku[];
}

const MAX_SKUS = 25;

/** One row per subscribed SKU with units used/free and a Choose button (verb `migrate.sku`). */
export function buildSkuChoiceCard(input: SkuChoiceCardInput, l: Localizer = localizer('en')): AdaptiveCard {
  const shown = [...input.skus].sort((a, b) => b.consumedUnits - a.consumedUnits).slice(0, MAX_SKUS);
  const hiddenCount = input.skus.length - shown.length;
  return renderCard(template, {
    t: l.m.cards.skuChoice,
    intro:
      input.skus.length === 0
        ? 'This tenant has no subscribed SKUs.'
        : `${plural(input.skus.length, 'subscribed SKU')}. Units used of enabled units; the bar turns amber when fewer than 5% are free.`,
    skus: shown.map((sku) => {
      const enabled = sku.prepaidUnits.enabled;
      const free = Math.max(0, enabled - sku.consumedUnits);
      const tight = enabled > 0 && free / enabled < 0.05;
      const name = skuProductName(sku);
      return {
        name: clip(name, 80),
        // The part number is what admin centres and scripts show; once, and only when the name differs.
        partNumber: name === sku.skuPartNumber ? '' : clip(sku.skuPartNumber, 80),
        usage: `${formatCount(sku.consumedUnits)} used · ${formatCount(free)} free · ${formatCount(enabled)} enabled`,
        bar: bar(sku.consumedUnits, Math.max(enabled, sku.consumedUnits), tight ? 'warning' : 'accent'),
        data: { skuId: sku.skuId },
      };
    }),
    hiddenCount,
    hiddenText: `${plural(hiddenCount, 'more SKU')} not shown (fewest units used).`,
  });
}
