/**
 * Everything a kiosk window must never do, in one place (as Actual Budget's security.ts): no
 * navigation, redirect, new window or webview, no permission (camera, notifications, USB, serial,
 * HID...), no download, and devtools closed in a packaged app. Electron grants every permission
 * request unless a handler says otherwise (Electron security checklist, items 5, 13, 14, 15).
 */
import { app, session, type WebFrameMain } from 'electron';
import { isKioskUrl } from './kiosk-scheme.js';

/** The check for anything a window sends: only the top frame of our own origin is the kiosk. */
export function isKioskFrame(frame: WebFrameMain | null | undefined): boolean {
  return frame !== null && frame !== undefined && frame.parent === null && isKioskUrl(frame.url);
}

export function denyEverythingAWindowShouldNotDo(): void {
  const kioskSession = session.defaultSession;
  kioskSession.setPermissionRequestHandler((_contents, _permission, decide) => decide(false));
  kioskSession.setPermissionCheckHandler(() => false);
  kioskSession.setDevicePermissionHandler(() => false);
  kioskSession.on('will-download', (event) => event.preventDefault());
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    // Also frames, and anything the page starts; only the shell's own load of our origin goes ahead.
    contents.on('will-frame-navigate', (event) => {
      if (event.initiator || !event.isMainFrame || !isKioskUrl(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    if (app.isPackaged) contents.on('devtools-opened', () => contents.closeDevTools());
  });
}
