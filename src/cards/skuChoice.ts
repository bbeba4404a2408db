import type { Sku } from '../graph/types';
import template from './templates/skuChoice.json';
import { bar, clip } from './format';
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
    intro: input.skus.length === 0 ? l.m.cards.skuChoice.none : l.p(l.m.cards.skuChoice.intro, input.skus.length),
    skus: shown.map((sku) => {
      const enabled = sku.prepaidUnits.enabled;
      const free = Math.max(0, enabled - sku.consumedUnits);
      const tight = enabled > 0 && free / enabled < 0.05;
      const name = skuProductName(sku);
      return {
        name: clip(name, 80),
        // The part number is what admin centres and scripts show; once, and only when the name differs.
        partNumber: name === sku.skuPartNumber ? '' : clip(sku.skuPartNumber, 80),
        usage: l.f(l.m.cards.skuChoice.usage, { used: sku.consumedUnits, free, enabled }),
        bar: bar(sku.consumedUnits, Math.max(enabled, sku.consumedUnits), tight ? 'warning' : 'accent'),
        data: { skuId: sku.skuId },
      };
    }),
    hiddenCount,
    hiddenText: l.p(l.m.cards.skuChoice.hidden, hiddenCount),
  });
}
