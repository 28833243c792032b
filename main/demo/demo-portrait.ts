/**
 * A drawn portrait placeholder for demo people (head and shoulders with an initial), so the demo
 * shows where a real photo goes without shipping anyone's picture.
 */
export function demoPortrait(initial: string, hue: number): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120">` +
    `<rect width="120" height="120" fill="hsl(${hue} 45% 88%)"/>` +
    `<circle cx="60" cy="46" r="24" fill="hsl(${hue} 35% 45%)"/>` +
    `<path d="M18 120c4-26 22-40 42-40s38 14 42 40z" fill="hsl(${hue} 35% 45%)"/>` +
    `<text x="60" y="54" font-family="sans-serif" font-size="22" fill="white" text-anchor="middle">${initial}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
