/**
 * The browser shell's protections as Chromium meets them: the kiosk page runs under its content
 * security policy with nothing refused (scripts, styles, the photos as data: images, the socket);
 * the same page opened without the launch secret never gets a room view; and a page of another
 * local origin that knows the secret still cannot open the host's socket, since Chromium sends
 * that page's Origin.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoStaff, expect, openKiosk, signIn, test } from './kiosk-fixture.js';

test('the kiosk page runs under its CSP with nothing refused, photos included', async ({ page, kiosk }) => {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (event) => {
    console.error('Content Security Policy violation: ' + event.violatedDirective + ' ' + event.blockedURI);
  });`);
  await openKiosk(page, kiosk);
  await signIn(page, demoStaff.aisha);
  await page.getByRole('button', { name: 'Check in Jay P', exact: true }).tap();
  const photos = page.locator('img.photo');
  await expect(photos.first()).toBeVisible();
  expect(await photos.evaluateAll((images) => images.every((image) => (image as unknown as { naturalWidth: number }).naturalWidth > 0))).toBe(true);
  expect(refused).toEqual([]);
});

test('the page opened without the launch secret gets no room view', async ({ page, kiosk }) => {
  const socketClosed = page.waitForEvent('websocket').then((socket) => new Promise<number>((resolve) => {
    let frames = 0;
    socket.on('framereceived', () => { frames += 1; });
    socket.on('socketerror', () => resolve(frames));
    socket.on('close', () => resolve(frames));
  }));
  await page.goto(new URL('/', kiosk.url).toString());
  expect(await socketClosed).toBe(0);
  expect(await page.evaluate('document.body.dataset.kioskReady')).not.toBe('true');
  await expect(page.getByRole('button', { name: 'Check in Jay P', exact: true })).toHaveCount(0);
});

test('a page of another local origin that knows the secret cannot open the host socket', async ({ page, kiosk }) => {
  const kioskUrl = new URL(kiosk.url);
  const socketUrl = `ws://${kioskUrl.host}/host${kioskUrl.search}`;
  const foreign: Server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!doctype html><script>
      const socket = new WebSocket(${JSON.stringify(socketUrl)});
      window.outcome = new Promise((resolve) => {
        socket.onmessage = () => resolve('received a room view');
        socket.onopen = () => resolve('opened');
        socket.onerror = () => resolve('refused');
        socket.onclose = () => resolve('refused');
      });
    </script>`);
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto(`http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`);
    expect(await page.evaluate('window.outcome')).toBe('refused');
  } finally {
    await new Promise<void>((resolve) => foreign.close(() => resolve()));
  }
});
