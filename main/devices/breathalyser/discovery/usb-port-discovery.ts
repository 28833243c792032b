/**
 * Finding a USB-serial breathalyser by its USB vendor and product ids. serialport has no hot-plug
 * event, so the driver polls its port list (docs/breathalyser-protocols.md, "Lifecycle"). The lister is
 * injectable because a pty, which tests and the emulator use, never appears in SerialPort.list():
 * that reads udev, and a pty has no USB ids. The real list comes from the transport
 * (transport/serialport-transport.ts); this file only matches ids.
 */

export interface UsbIds {
  /** Four hex digits, lower-case (the profile and config schemas store them that way). */
  vendorId: string;
  productId: string;
}

/** The part of serialport's PortInfo discovery needs. */
export interface ListedPort {
  path: string;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

export type PortLister = () => Promise<ListedPort[]>;

/** Windows reports ids upper-case, Linux lower-case; some drivers drop leading zeros, never seen for these ids. */
export function portMatching(ports: readonly ListedPort[], ids: UsbIds): ListedPort | undefined {
  return ports.find(
    (port) => port.vendorId?.toLowerCase() === ids.vendorId.toLowerCase() && port.productId?.toLowerCase() === ids.productId.toLowerCase(),
  );
}
