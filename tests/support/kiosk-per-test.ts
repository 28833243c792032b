/**
 * Kiosks opened by a test and closed after it, for test files whose tests each start their own.
 * Apart from test-kiosk.ts: it registers with vitest, and the torture suite runs test-kiosk.ts outside vitest.
 */
import { afterEach } from 'vitest';
import { openTestKiosk, type TestKiosk, type TestKioskOptions } from './test-kiosk.js';

/** Call once at the top of a test file; each kiosk the returned function opens is closed after its test. */
export function kioskPerTest(): (options?: TestKioskOptions) => Promise<TestKiosk> {
  const opened: TestKiosk[] = [];
  afterEach(async () => {
    for (const kiosk of opened.splice(0).reverse()) await kiosk.close();
  });
  return async (options = {}) => {
    const kiosk = await openTestKiosk(options);
    opened.push(kiosk);
    return kiosk;
  };
}
