/**
 * Stock a service user hands back is kept apart from the clinic's stock, as the regulations
 * expect: its own register section per product, which never changes the product's balance and
 * from which it is destroyed.
 */
const returnsPrefix = 'returns:';

/** The register section for stock of a product returned by service users. */
export function returnsSection(productId: string): string {
  return `${returnsPrefix}${productId}`;
}

/** The product a returns section belongs to, or null for any other section. */
export function productOfReturnsSection(section: string): string | null {
  return section.startsWith(returnsPrefix) ? section.slice(returnsPrefix.length) : null;
}

/** The section a destruction comes out of: the product's stock, or what service users handed back of it. */
export function destructionSection(productId: string, from: 'stock' | 'patient return'): string {
  return from === 'patient return' ? returnsSection(productId) : productId;
}
