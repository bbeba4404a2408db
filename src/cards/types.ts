/** Plain JSON shapes of Adaptive Cards 1.5 as the builders return them. */

export interface CardElement {
  type: string;
  [key: string]: unknown;
}

export interface CardActionElement {
  type: 'Action.Execute' | 'Action.OpenUrl' | 'Action.ShowCard' | 'Action.ToggleVisibility' | 'Action.Submit';
  [key: string]: unknown;
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: '1.5';
  body: CardElement[];
  actions?: CardActionElement[];
  [key: string]: unknown;
}

/** Semantic styles: they follow the host theme, so cards read well in light and dark mode. */
export type CardStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
