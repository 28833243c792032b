/**
 * Hostile and broken messages, generated with fast-check for every intention the contract has (the
 * list is read from `Intention` at run time, so a new intention is covered without touching this
 * file): malformed ones (a field missing, of the wrong type, NaN or Infinity, huge, deeply nested,
 * odd Unicode, a value JSON cannot carry, `__proto__` and `constructor` keys), well-formed ones from
 * nobody or from staff who are not signed in, and well-formed ones naming visits, people,
 * prescriptions, incidents and witnesses that do not exist. Each is answered with a refusal, its
 * code one the contract knows (notUnderstood for a malformed message) and a sentence beside it (or
 * not at all, when it has no request id to answer), and neither the room view nor any table of the
 * ledger changes. Seeded, so a failure is reproduced by running it again.
 *
 * Three intentions are obeyed from a well-formed message by design and so are only sent malformed
 * or from the wrong person: `lockScreen` (anyone may lock an idle screen: it only signs people out
 * and hides personal data), `showReport` (a read) and `signIn` (a random badge is refused, which is
 * checked, but the acting person does not matter to it).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStaff } from '../../main/demo/demo-clinic.js';
import { Intention, ToHost, type IntentionType } from '../../shared/contract/index.js';
import { RefusalCode } from '../../shared/refusals/refusal.js';
import { mayAct, rolesFor } from '../../shared/staff/permissions.js';
import { fieldsOf, poison, pollutingObject, shapeOf, unwrapped } from '../support/contract-arbitraries.js';
import { demo, signIn } from '../support/host-session.js';
import { dumpDatabase } from '../support/kill-points.js';
import { openTestKiosk, people, type TestKiosk } from '../support/test-kiosk.js';
import type { z } from 'zod';

const seed = 20_261_123;
const intentions = Intention.options.map((schema) => ({ type: schema.shape.type.value, schema: schema as z.ZodType }));
const obeyedWhenWellFormed: readonly IntentionType[] = ['lockScreen', 'showReport', 'signIn'];

let kiosk: TestKiosk;
let signedIn: Array<{ staffId: string; role: (typeof demoStaff)[number]['role'] }>;
let roomBefore: string;
let tablesBefore: ReturnType<typeof dumpDatabase>;

beforeAll(async () => {
  kiosk = await openTestKiosk();
  signedIn = [];
  for (const who of [demo.nurse, demo.nurse2, demo.hca, demo.prescriber, demo.lead]) {
    signedIn.push({ staffId: await signIn(kiosk.host, who), role: who.role });
  }
  // An open visit, so that visit steps have something real beside the ids that do not exist.
  const reply = await kiosk.host.receive({ requestId: randomUUID(), actorId: demo.nurse.staffId, intention: { type: 'startVisit', serviceUserId: people.dee } });
  expect(reply?.reply.ok).toBe(true);
  roomBefore = JSON.stringify(kiosk.host.room());
  tablesBefore = dumpDatabase(kiosk.dataDir);
});

afterAll(async () => {
  await kiosk?.close();
});

/**
 * Sends one message and checks it was refused with one of the expected codes and a sentence (or
 * unanswered, without a request id) and changed nothing on screen.
 */
async function expectRefused(message: unknown, expected: readonly RefusalCode[] = RefusalCode.options): Promise<void> {
  const answer = await kiosk.host.receive(message);
  const requestId = (message as { requestId?: unknown } | null)?.requestId;
  const answerable = typeof requestId === 'string' && requestId.length >= 1 && requestId.length <= 64 && typeof message === 'object' && !Array.isArray(message);
  if (!answerable) {
    expect(answer).toBeNull();
  } else {
    expect(answer?.requestId).toBe(requestId);
    expect(answer?.reply.ok).toBe(false);
    const { code, reason } = answer?.reply.ok === false ? answer.reply : { code: null, reason: '' };
    expect(expected, reason).toContain(code);
    expect(reason.trim().length).toBeGreaterThan(0);
  }
  expect(JSON.stringify(kiosk.host.room())).toBe(roomBefore);
}

function expectLedgerUnchanged(): void {
  expect(dumpDatabase(kiosk.dataDir)).toEqual(tablesBefore);
}

const permittedActor = (type: IntentionType) => fc.constantFrom(...signedIn.filter((member) => mayAct(member.role, type)).map((member) => member.staffId));

/** One to three breakages of a well-formed intention. */
function broken(schema: z.ZodType): fc.Arbitrary<unknown> {
  const keys = Object.keys(fieldsOf(schema));
  const breakage = fc.oneof(
    fc.record({ kind: fc.constant('drop' as const), key: fc.constantFrom(...keys) }),
    fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom(...keys), value: poison }),
    fc.record({ kind: fc.constant('set' as const), key: fc.constant('type'), value: fc.oneof(poison, fc.constantFrom('signin', 'SIGNIN', 'recordAdministration ', 'toString', '__proto__')) }),
    fc.record({ kind: fc.constant('whole' as const), value: poison }),
  );
  return fc.tuple(shapeOf(schema), fc.array(breakage, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([shape, breakages, pollute]) => {
    let intention: unknown = { ...(shape as object), ...(pollute ? pollutingObject() : {}) };
    for (const change of breakages) {
      if (change.kind === 'whole') intention = change.value;
      else if (intention && typeof intention === 'object') {
        const copy = { ...(intention as Record<string, unknown>) };
        if (change.kind === 'drop') delete copy[change.key];
        else copy[change.key] = change.value;
        intention = copy;
      }
    }
    return intention;
  });
}

/** A well-formed intention whose every `...Id` field names nothing this kiosk knows. */
function namingNothing(schema: z.ZodType): fc.Arbitrary<unknown> | null {
  const idFields = Object.entries(fieldsOf(schema)).filter(([key]) => key.endsWith('Id'));
  if (idFields.length === 0) return null;
  const unknownIds = Object.fromEntries(idFields.map(([key, field]) => {
    const inner = unwrapped(field);
    const uuid = (inner as unknown as { _zod: { def: { format?: string } } })._zod.def.format === 'uuid';
    return [key, uuid ? fc.uuid({ version: 4 }) : fc.oneof(fc.uuid({ version: 4 }).map((id) => `no-such-${id}`.slice(0, 64)), fc.constantFrom('demo-su-99', 'demo-staff-ghost', 'x'))];
  }));
  return fc.tuple(shapeOf(schema), fc.record(unknownIds), fc.boolean())
    .map(([shape, ids, pollute]) => ({ ...(shape as object), ...ids, ...(pollute ? pollutingObject() : {}) }));
}

const nobodyHere = fc.oneof(
  fc.constant(null),
  fc.uuid({ version: 4 }),
  fc.constantFrom('demo-staff-ghost', 'demo-staff-nurse ', 'DEMO-STAFF-NURSE', '0', '__proto__', 'constructor'),
);

describe('hostile input to the host', () => {
  it('derives every intention type from the contract, the same ones the permissions table lists', () => {
    expect(intentions.map((intention) => intention.type).sort()).toEqual(Object.keys(rolesFor).sort());
  });

  it('refuses messages that are not a request at all, answering those with a request id', async () => {
    const envelope = fc.oneof(
      poison,
      fc.record({ requestId: poison, actorId: fc.constant(demo.nurse.staffId), intention: fc.constant({ type: 'signOut', staffId: demo.hca.staffId }) }),
      fc.record({ requestId: fc.uuid({ version: 4 }), actorId: fc.oneof(poison, fc.constant(demo.nurse.staffId)), intention: poison }),
      fc.record({ actorId: fc.constant(demo.nurse.staffId), intention: fc.constant({ type: 'lockScreen' }) }),
      fc.constant(null).map(() => ({ ...pollutingObject(), requestId: randomUUID(), intention: { type: 'lockScreen', ...pollutingObject() } })),
    );
    await fc.assert(fc.asyncProperty(envelope, async (message) => {
      fc.pre(!ToHost.safeParse(message).success);
      await expectRefused(message, ['notUnderstood']);
    }), { seed, numRuns: 300 });
    expectLedgerUnchanged();
  });

  for (const { type, schema } of intentions) {
    it(`refuses ${type} malformed, from the wrong person, and naming what does not exist`, async () => {
      // Malformed: the contract refuses it, whoever sends it; a rules draft that breaks the rules' own checks is told which.
      const malformed: readonly RefusalCode[] = type === 'changeSiteRules' ? ['notUnderstood', 'siteRulesRefused'] : ['notUnderstood'];
      await fc.assert(fc.asyncProperty(broken(schema), permittedActor(type === 'signIn' || type === 'lockScreen' ? 'signOut' : type), async (intention, actorId) => {
        const message = { requestId: randomUUID(), actorId, intention };
        fc.pre(!ToHost.safeParse(message).success);
        await expectRefused(message, malformed);
      }), { seed, numRuns: 30 });

      if (type !== 'lockScreen') {
        // Well-formed or not, from nobody, from someone not enrolled, or (signIn) with a badge nobody holds.
        await fc.assert(fc.asyncProperty(shapeOf(schema), nobodyHere, async (intention, actorId) => {
          if (type === 'signIn') fc.pre(!demoStaff.some((member) => member.badgeNumber === (intention as { badgeNumber?: string }).badgeNumber?.trim()));
          await expectRefused({ requestId: randomUUID(), actorId, intention });
        }), { seed, numRuns: type === 'signIn' ? 10 : 20 });
      }

      const naming = obeyedWhenWellFormed.includes(type) ? null : namingNothing(schema);
      if (naming) {
        // Well-formed, from someone signed in whose role may send it, naming what does not exist.
        await fc.assert(fc.asyncProperty(naming, permittedActor(type), async (intention, actorId) => {
          await expectRefused({ requestId: randomUUID(), actorId, intention });
        }), { seed, numRuns: 20 });
      }
      expectLedgerUnchanged();
    });
  }
});
