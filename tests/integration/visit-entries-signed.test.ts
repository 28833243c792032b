/**
 * The preparation and the waste are controlled-drug register entries, so both people sign each
 * with their own PIN, as at the dose (Misuse of Drugs Regulations 2001 reg 19; issue 15): a wrong
 * PIN is refused naming whose it was and writes no entry (only that person's count toward the
 * lockout), and the witness must be a second person. Through the real host and its SQLite file.
 */
import { describe, expect, it } from 'vitest';
import { demoProducts } from '../../main/demo/demo-clinic.js';
import type { IntentionOf, Reply } from '../../shared/contract/index.js';
import { accepted, as, demo, refusedWith, signIn } from '../support/host-session.js';
import { kioskPerTest } from '../support/kiosk-per-test.js';
import { people, pinOf, refusal, upToPreparation, type TestKiosk } from '../support/test-kiosk.js';

// Distinctive wrong PINs, so finding one in the ledger file could not be a coincidence.
const wrongPin = '64208531';

const kiosk = kioskPerTest();

type Signed = { witnessId: string; nursePin: string; witnessPin: string };

/** A nurse and an HCA signed in, and Dee's visit at preparation. */
async function atPreparation(k: TestKiosk) {
  const nurse = await signIn(k.host, demo.nurse);
  const hca = await signIn(k.host, demo.hca);
  const act = as(k.host, nurse);
  const visitId = await upToPreparation(act, people.dee);
  const rightPins: Signed = { witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) };
  const prepare = (signed: Signed): Promise<Reply> =>
    act({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 120, ...signed });
  const waste = (signed: Signed): Promise<Reply> => act({ type: 'recordWaste', visitId, wastedMg: 10, ...signed });
  const give = (administeredMg: number): Promise<Reply> => act({
    type: 'recordAdministration', visitId, administeredMg, route: 'IM', site: 'left thigh', ...rightPins,
  } satisfies IntentionOf<'recordAdministration'>);
  return { nurse, hca, visitId, rightPins, prepare, waste, give };
}

const stepOf = (k: TestKiosk, visitId: string) => k.host.room().visits.find((visit) => visit.visitId === visitId)?.step;
const typesSince = (k: TestKiosk, before: number) => k.ledger().slice(before).map((row) => row.type);

/** The three refusals each signed entry must give, with no entry written. */
async function expectRefusedUnsigned(k: TestKiosk, visitId: string, nurse: string, record: (signed: Signed) => Promise<Reply>, rightPins: Signed, step: string) {
  const before = k.ledger().length;

  const nurseWrong = await record({ ...rightPins, nursePin: wrongPin });
  expect(refusedWith(nurseWrong)).toBe('wrongPin');
  expect(refusal(nurseWrong)).toContain("Aisha Khan's PIN was not right.");
  expect(refusal(nurseWrong)).not.toContain('Tom Reid');

  const witnessWrong = await record({ ...rightPins, witnessPin: wrongPin });
  expect(refusedWith(witnessWrong)).toBe('wrongPin');
  expect(refusal(witnessWrong)).toContain("Tom Reid's PIN was not right.");
  expect(refusal(witnessWrong)).not.toContain("Aisha Khan's PIN");

  // The nurse cannot witness her own entry, even with her own PIN twice.
  expect(refusedWith(await record({ witnessId: nurse, nursePin: demo.nurse.pin, witnessPin: demo.nurse.pin }))).toBe('witnessIsActor');

  // Only each PIN's count toward its owner's lockout; no entry, and the visit where it was.
  expect(typesSince(k, before).every((type) => type === 'staffPinRefused' || type === 'staffWrongPinsCleared')).toBe(true);
  expect(stepOf(k, visitId)).toBe(step);
  expect(k.fileBytes().includes(wrongPin)).toBe(false);
}

describe('the preparation, signed with both PINs', () => {
  it("refuses a wrong nurse's or witness's PIN naming whose, and the nurse as her own witness, drawing nothing up", async () => {
    const k = await kiosk();
    const { nurse, visitId, rightPins, prepare } = await atPreparation(k);
    await expectRefusedUnsigned(k, visitId, nurse, prepare, rightPins, 'preparation');
    expect(k.ledger().filter((row) => row.type === 'dosePrepared')).toHaveLength(0);

    accepted(await prepare(rightPins));
    expect(stepOf(k, visitId)).toBe('administration');
  });

  it('judges the rules before the PINs: a preparation refused for a clinical reason counts no PIN', async () => {
    const k = await kiosk();
    const { nurse, visitId, rightPins } = await atPreparation(k);
    const before = k.ledger().length;
    const reply = await as(k.host, nurse)({
      type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 400, ...rightPins, nursePin: wrongPin,
    });
    expect(refusedWith(reply)).toBe('overDoseTarget');
    expect(k.ledger()).toHaveLength(before);
  });
});

describe('the waste, signed with both PINs', () => {
  it("refuses a wrong nurse's or witness's PIN naming whose, and the nurse as her own witness, wasting nothing", async () => {
    const k = await kiosk();
    const { nurse, visitId, rightPins, prepare, waste, give } = await atPreparation(k);
    accepted(await prepare(rightPins));
    accepted(await give(110));
    expect(stepOf(k, visitId)).toBe('waste');

    await expectRefusedUnsigned(k, visitId, nurse, waste, rightPins, 'waste');
    expect(k.ledger().filter((row) => row.type === 'surplusWasted')).toHaveLength(0);

    accepted(await waste(rightPins));
    expect(stepOf(k, visitId)).toBe('observation');
    expect(k.ledger().filter((row) => row.type === 'surplusWasted')).toHaveLength(1);
  });
});
