/**
 * The NMEA-style line checksum `*HH`: two hex digits of the XOR of every byte before the `*`.
 * One implementation shared by the parser (which checks it) and the emulator (which adds it), so the
 * two cannot drift apart. Lines are latin1 strings: one character per byte, so char codes are bytes.
 */

export function nmeaXorChecksum(body: string): string {
  let xor = 0;
  for (let index = 0; index < body.length; index += 1) {
    xor ^= body.charCodeAt(index) & 0xff;
  }
  return xor.toString(16).toUpperCase().padStart(2, '0');
}

export function withNmeaXorChecksum(body: string): string {
  return `${body}*${nmeaXorChecksum(body)}`;
}

export type ChecksumCheck = { ok: true; body: string } | { ok: false; why: string };

/** The checksum is optional per line, but a line that carries one must carry a right one. */
export function checkNmeaXorChecksum(line: string): ChecksumCheck {
  const star = line.lastIndexOf('*');
  if (star === -1) return { ok: true, body: line };
  const written = line.slice(star + 1);
  if (!/^[0-9A-Fa-f]{2}$/.test(written)) {
    return { ok: false, why: `The line has a malformed checksum "*${written}".` };
  }
  const body = line.slice(0, star);
  const expected = nmeaXorChecksum(body);
  if (written.toUpperCase() !== expected) {
    return { ok: false, why: `The line's checksum is ${written.toUpperCase()} but its bytes give ${expected}.` };
  }
  return { ok: true, body };
}
