import { buildSkuChoiceCard } from '../../src/cards';
import { textOf } from './cardWalk';
import * as fx from './fixtures';

const count = (text: string, word: string) => text.split(word).length - 1;

describe('SKU choice card names', () => {
  it('should name a SKU Graph gives no displayName by its product name, with the part number once', () => {
    const text = textOf(buildSkuChoiceCard({ skus: [fx.sku({ skuPartNumber: 'ENTERPRISEPACK', displayName: undefined })] }));
    expect(count(text, 'Office 365 E3')).toBe(1);
    expect(count(text, 'ENTERPRISEPACK')).toBe(1);
  });

  it("should prefer Graph's displayName and show the part number once", () => {
    const text = textOf(buildSkuChoiceCard({ skus: [fx.sku({ skuPartNumber: 'ENTERPRISEPACK', displayName: 'Contoso E3 (renamed)' })] }));
    expect(count(text, 'Contoso E3 (renamed)')).toBe(1);
    expect(count(text, 'ENTERPRISEPACK')).toBe(1);
  });

  it('should show an unknown part number once, not as name and subtitle', () => {
    const text = textOf(buildSkuChoiceCard({ skus: [fx.sku({ skuPartNumber: 'CONTOSO_CUSTOM_42', displayName: undefined })] }));
    expect(count(text, 'CONTOSO_CUSTOM_42')).toBe(1);
  });
});
