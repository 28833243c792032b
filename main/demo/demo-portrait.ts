/**
 * A drawn portrait placeholder for demo people (head and shoulders with an initial), so the demo
 * shows where a real photo goes without shipping anyone's picture.
 */
import { crc32, deflateSync } from 'node:zlib';

export function demoPortrait(initial: string, hue: number): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120">` +
    `<rect width="120" height="120" fill="hsl(${hue} 45% 88%)"/>` +
    `<circle cx="60" cy="46" r="24" fill="hsl(${hue} 35% 45%)"/>` +
    `<path d="M18 120c4-26 22-40 42-40s38 14 42 40z" fill="hsl(${hue} 35% 45%)"/>` +
    `<text x="60" y="54" font-family="sans-serif" font-size="22" fill="white" text-anchor="middle">${initial}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/**
 * The same placeholder as a PNG, for paths that accept only photos (a service user enrolled
 * through the screen's intention takes JPEG, PNG or WebP, never markup). Drawn pixel by pixel:
 * a background, a head and shoulders; no initial, since PNG has no text.
 */
export function demoPortraitPng(hue: number, size = 96): string {
  const [background, figure] = [hslToRgb(hue, 0.45, 0.88), hslToRgb(hue, 0.35, 0.45)];
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x += 1) {
      const [u, v] = [x / size, y / size];
      const head = (u - 0.5) ** 2 + (v - 0.38) ** 2 < 0.2 ** 2;
      const shoulders = v > 0.67 && (u - 0.5) ** 2 / 0.35 ** 2 + (v - 1) ** 2 / 0.33 ** 2 < 1;
      row.set(head || shoulders ? figure : background, 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)),
  ]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function hslToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  const k = (n: number) => (n + hue / 30) % 12;
  const a = saturation * Math.min(lightness, 1 - lightness);
  const f = (n: number) => lightness - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [f(0), f(8), f(4)].map((channel) => Math.round(channel * 255)) as [number, number, number];
}
