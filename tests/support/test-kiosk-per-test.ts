/**
 * For a vitest file: a fresh in-process kiosk each time it is called, each closed after the test
 * that opened it. Apart from test-kiosk.ts, which the torture run (plain Node, no vitest) imports too.
 */
import { afterEach } from 'vitest';
import { openTestKiosk, type TestKiosk, type TestKioskOptions } from './test-kiosk.js';

export function testKioskPerTest(options: TestKioskOptions = {}): () => Promise<TestKiosk> {
  const opened: TestKiosk[] = [];
  afterEach(async () => {
    for (const kiosk of opened.splice(0).reverse()) await kiosk.close();
  });
  return async () => {
    const kiosk = await openTestKiosk(options);
    opened.push(kiosk);
    return kiosk;
  };
}
