import type { DialogContext } from 'botbuilder-dialogs';
import type { CardActionPayload } from '../cards/actions';
import { CardInputDialog, type Interpretation } from './cardInput';
import { md } from '../cards/format';
import { turnLocalizer } from '../bot/turnLocale';

export interface SkuOption {
  skuId: string;
  skuPartNumber: string;
  displayName?: string;
}

export const SKU_INPUT = 'skuInput';

/** The SKU to migrate: a click on the SKU card, or its part number, name or position typed. */
export class SkuInputDialog extends CardInputDialog<string> {
  constructor() {
    super(SKU_INPUT, 'migrate.sku');
  }

  protected async fromCard(dc: DialogContext, action: CardActionPayload): Promise<Interpretation<string>> {
    const skuId = (action as { skuId: string }).skuId;
    const known = this.options<{ skus: SkuOption[] }>(dc).skus.find((s) => s.skuId.toLowerCase() === skuId.toLowerCase());
    const l = turnLocalizer(dc.context);
    if (!known) return { ok: false, message: l.f(l.m.input.skuUnknown, { sku: md(skuId, 60) }) };
    return { ok: true, value: known.skuId };
  }

  protected async fromText(dc: DialogContext, text: string): Promise<Interpretation<string>> {
    const skus = this.options<{ skus: SkuOption[] }>(dc).skus;
    const wanted = text.toLowerCase();
    const byIndex = /^\d+$/.test(wanted) ? skus[Number(wanted) - 1] : undefined;
    const found =
      byIndex ??
      skus.find(
        (s) =>
          s.skuPartNumber.toLowerCase() === wanted || s.skuId.toLowerCase() === wanted || (s.displayName ?? '').toLowerCase() === wanted,
      );
    if (!found) {
      const names = skus
        .slice(0, 10)
        .map((s, i) => `${i + 1}. ${md(s.skuPartNumber, 80)}`)
        .join(', ');
      const l = turnLocalizer(dc.context);
      return { ok: false, message: l.f(l.m.input.skuTyped, { text: md(text, 60), names }) };
    }
    return { ok: true, value: found.skuId };
  }
}
