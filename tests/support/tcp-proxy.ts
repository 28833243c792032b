/** The test's pullable network is the same switch the two-rooms demo uses. */
export { TcpProxy, type Direction, type Watcher } from '../../main/demo/two-rooms/network-switch.js';
