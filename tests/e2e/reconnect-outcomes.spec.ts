/**
 * A step on its way when the link to the host drops (issue 14): once the screen is back it asks
 * the host what became of it and says so, never sending it again by itself. The link is cut by
 * Playwright standing in the page's WebSocket: it passes every message on, except that for one
 * step it either loses the host's answer (the step was recorded, the screen never heard) or loses
 * the step itself (nothing recorded), and then drops the connection.
 */
import type { Page, WebSocketRoute } from '@playwright/test';
import type { IntentionType } from '../../shared/contract/index.js';
import { readLedger } from '../support/kiosk-data.js';
import { checkInToSedation, chooseProduct, demoStaff, expect, openKiosk, signIn, tapNumber, test, type Kiosk } from './kiosk-fixture.js';
import { confirmDoseWithPins, signPreparationWithPins } from './pin-confirmation.js';

const { aisha, tom } = demoStaff;

type Cut = { lose: 'answer' | 'step'; intention: IntentionType };

/** The page's link to the host, passed through, that can be cut once at one step. */
class CuttableLink {
  private cut: Cut | null = null;
  /** How many times the host was sent each kind of step. */
  readonly sent = new Map<string, number>();

  static async on(page: Page): Promise<CuttableLink> {
    const link = new CuttableLink();
    await page.routeWebSocket(/\/host/, (ws) => link.carry(ws));
    return link;
  }

  cutAt(cut: Cut): void {
    this.cut = cut;
  }

  private carry(ws: WebSocketRoute): void {
    const server = ws.connectToServer();
    let losingAnswerTo: string | null = null;
    const hangUp = () => {
      this.cut = null;
      void ws.close();
      void server.close();
    };
    ws.onMessage((text) => {
      const message = JSON.parse(String(text)) as { requestId?: string; intention?: { type: string } };
      const type = message.intention?.type;
      if (type) this.sent.set(type, (this.sent.get(type) ?? 0) + 1);
      if (type && type === this.cut?.intention && this.cut.lose === 'step') return hangUp();
      if (type && type === this.cut?.intention) losingAnswerTo = message.requestId ?? null;
      server.send(text);
    });
    server.onMessage((text) => {
      // Lost too: the room view the host sends before its answer, which would show the step as taken.
      if (losingAnswerTo === null) return ws.send(text);
      const message = JSON.parse(String(text)) as { kind: string; requestId?: string };
      if (message.kind === 'reply' && message.requestId === losingAnswerTo) hangUp();
    });
  }
}

const eventsOf = (kiosk: Kiosk, type: string) => readLedger(kiosk.dataDir).filter((event) => event.type === type);

function banner(page: Page) {
  return page.getByRole('status').filter({ hasText: /connection dropped|not recorded/ });
}

test('a step recorded as the link dropped is shown as recorded once the screen is back, and the visit carries on', async ({ page, kiosk }) => {
  const link = await CuttableLink.on(page);
  await openKiosk(page, kiosk);
  await signIn(page, tom, aisha);
  await page.getByRole('button', { name: 'Check in Dee S', exact: true }).tap();
  link.cutAt({ lose: 'answer', intention: 'confirmIdentity' });
  await page.getByRole('button', { name: 'Identity confirmed', exact: true }).tap();

  await expect(banner(page)).toContainText('Recorded before the connection dropped: the identity check.');
  // Settled as the first reply would have been: the visit is at its next step, with no error.
  await expect(page.getByRole('radio', { name: 'Sedation 1', exact: true })).toBeVisible();
  await expect(page.getByText('This step was not recorded')).toHaveCount(0);
  expect(eventsOf(kiosk, 'identityConfirmed')).toHaveLength(1);
  expect(link.sent.get('confirmIdentity')).toBe(1);
  await banner(page).getByRole('button', { name: 'OK', exact: true }).tap();
  await expect(banner(page)).toHaveCount(0);
});

test('a dose lost with the link is shown as not recorded, the PINs cleared and nothing sent again, and is recorded once when done again', async ({ page, kiosk }) => {
  const link = await CuttableLink.on(page);
  await openKiosk(page, kiosk);
  await signIn(page, tom, aisha);
  await checkInToSedation(page, 'Dee S', '1');
  await page.getByRole('button', { name: 'Proceed', exact: true }).tap();
  await page.getByRole('radio', { name: 'Witness Tom Reid', exact: true }).tap();
  await chooseProduct(page);
  await tapNumber(page, 'Amount drawn (mg)', '120');
  await page.getByRole('button', { name: 'Record preparation', exact: true }).tap();
  await signPreparationWithPins(page, aisha, tom);
  await expect(page.getByText('Recorded by Aisha Khan, witnessed by Tom Reid.')).toBeVisible();
  await tapNumber(page, 'Amount administered (mg)', '120');
  await page.getByRole('radio', { name: 'Site left thigh', exact: true }).tap();
  await page.getByRole('button', { name: 'Record administration', exact: true }).tap();
  link.cutAt({ lose: 'step', intention: 'recordAdministration' });
  await confirmDoseWithPins(page, aisha, tom);

  await expect(banner(page)).toContainText('This step was not recorded: please do it again (the dose given).');
  await expect(page.getByRole('alert')).toContainText('This step was not recorded: please do it again.');
  const confirmation = page.getByRole('region', { name: 'Confirm the dose with both PINs', exact: true });
  await expect(confirmation.getByLabel(`PIN for ${aisha.name}`, { exact: true })).toHaveValue('');
  await expect(confirmation.getByLabel(`PIN for ${tom.name}`, { exact: true })).toHaveValue('');
  expect(eventsOf(kiosk, 'doseAdministered')).toHaveLength(0);
  expect(link.sent.get('recordAdministration')).toBe(1);

  await confirmDoseWithPins(page, aisha, tom);
  await expect(confirmation).toHaveCount(0);
  await expect.poll(() => eventsOf(kiosk, 'doseAdministered').length).toBe(1);
  expect(link.sent.get('recordAdministration')).toBe(2);
});
