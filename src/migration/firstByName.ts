/** The order users are listed in everywhere a person reads them: by userPrincipalName, as `localeCompare` sorts. */
export const byName = new Intl.Collator().compare;

/**
 * The first `limit` items by userPrincipalName out of a stream of any length, holding at most twice `limit` of them:
 * a card lists a few users in name order without anyone keeping the whole list.
 */
export class FirstByName<T extends { userPrincipalName: string }> {
  private items: T[] = [];
  /** Once the buffer has been cut to `limit`, the last name kept: anything sorting after it can never get in. */
  private cutoff: string | null = null;

  constructor(readonly limit: number) {}

  /** Offers one item; kept only while it is among the first `limit` seen so far. */
  add(item: T): void {
    if (this.limit <= 0) return;
    if (this.cutoff !== null && byName(item.userPrincipalName, this.cutoff) >= 0) return;
    this.items.push(item);
    // Sorting once per `limit` additions keeps the cost near one comparison per item for a long stream.
    if (this.items.length >= 2 * this.limit) this.cut();
  }

  /** The items kept, first name first. */
  values(): T[] {
    this.cut();
    return [...this.items];
  }

  private cut(): void {
    this.items.sort((a, b) => byName(a.userPrincipalName, b.userPrincipalName));
    if (this.limit > 0 && this.items.length >= this.limit) {
      this.items.length = this.limit;
      this.cutoff = this.items[this.limit - 1].userPrincipalName;
    }
  }
}
