import type { Connection } from '../carrier/host-carrier.js';

/** While the link is down the screen is frozen at its last view: say so, so nobody trusts it. */
export function ConnectionBanner({ connection }: { connection: Connection }) {
  if (connection !== 'reconnecting') return null;
  return <p className="banner banner-down" role="status">Reconnecting to the kiosk host…</p>;
}
