/** The data explore's fragments render; the explore service fills them from its read models. */

export interface ProductTile {
  productId: string;
  name: string;
  category: string;
  categoryName: string;
  sku: string;
  image: string;
  price: { amount: number; currency: string };
  /** The product's variants have different prices: the tile says "from". */
  priceVaries: boolean;
  colors: { color: string; name: string }[];
}

export interface CategorySummary {
  id: string;
  name: string;
  productCount: number;
}

export interface StoreDetails {
  id: string;
  name: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  phone: string;
  hours: { days: string; hours: string }[];
}
