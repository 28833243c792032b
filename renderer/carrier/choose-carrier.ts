import './zod-without-eval.js';
import type { HostCarrier } from './host-carrier.js';
import { electronCarrier } from './electron-carrier.js';
import { hostSocketUrl, webSocketCarrier } from './websocket-carrier.js';

/** The same build runs in both shells; only the way messages travel differs. */
export function chooseCarrier(): HostCarrier {
  if (window.kioskHost) return electronCarrier(window.kioskHost);
  return webSocketCarrier(hostSocketUrl(window.location));
}
