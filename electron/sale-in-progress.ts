/**
 * Whether a cashier is in the middle of a sale, so an update never restarts the till
 * under them. The shell sees carts open (openCart) and close (pay); the renderer can
 * also say so outright, which wins, because only it knows a cart was emptied or parked.
 */
export class SaleInProgress {
  private readonly openCarts = new Set<string>();
  private rendererSaysOpen = false;

  cartOpened(cartKey: string): void {
    this.openCarts.add(cartKey);
  }

  cartPaid(cartKey: string): void {
    this.openCarts.delete(cartKey);
  }

  setFromRenderer(open: boolean): void {
    this.rendererSaysOpen = open;
    if (!open) this.openCarts.clear();
  }

  get isOpen(): boolean {
    return this.rendererSaysOpen || this.openCarts.size > 0;
  }
}
