/**
 * fast-check arbitraries read off the message contract's zod schemas, so a property test covers
 * every intention the contract has, a new one included, without a generator written by hand.
 * `shapeOf` gives values of the schema's shape (its refinements, such as the site rules' own
 * checks, are not generated: the contract itself says whether a value passes). `poison` gives the
 * values a broken or hostile screen might send in place of any field.
 */
import fc from 'fast-check';
import type { z } from 'zod';

interface Def {
  type: string;
  format?: string;
  checks?: Array<{ _zod: { def: CheckDef } }>;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  entries?: Record<string, string | number>;
  values?: unknown[];
  pattern?: RegExp;
}
interface CheckDef { check: string; format?: string; pattern?: RegExp; minimum?: number; maximum?: number; value?: number; inclusive?: boolean }

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function checksOf(def: Def): CheckDef[] {
  return (def.checks ?? []).map((check) => check._zod.def);
}

function stringShape(def: Def): fc.Arbitrary<string> {
  if (def.format === 'uuid') return fc.uuid({ version: 4 });
  if (def.format === 'date') return fc.date({ min: new Date('1920-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const checks = checksOf(def);
  const min = Math.max(0, ...checks.filter((c) => c.check === 'min_length').map((c) => c.minimum ?? 0));
  const max = Math.min(200, ...checks.filter((c) => c.check === 'max_length').map((c) => c.maximum ?? 200));
  const pattern = checks.find((c) => c.check === 'string_format' && c.pattern)?.pattern ?? def.pattern;
  const text = pattern ? fc.stringMatching(pattern, { size: 'small' }) : fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.max(min, Math.min(max, 40)) });
  // Trimmed first, as the contract trims most text before checking its length.
  return text.map((s) => (pattern ? s : s.trim())).filter((s) => s.length >= min && s.length <= max);
}

function numberShape(def: Def): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const integer = checks.some((c) => c.check === 'number_format' && (c.format === 'safeint' || c.format === 'int32'));
  const above = checks.find((c) => c.check === 'greater_than');
  const below = checks.find((c) => c.check === 'less_than');
  const min = above?.value ?? -1e6;
  const max = below?.value ?? 1e6;
  if (integer) {
    const low = Math.ceil(above && !above.inclusive ? min + 1 : min);
    const high = Math.floor(below && !below.inclusive ? max - 1 : max);
    return fc.integer({ min: low, max: high });
  }
  return fc.double({ min, max, minExcluded: above ? !above.inclusive : false, maxExcluded: below ? !below.inclusive : false, noNaN: true, noDefaultInfinity: true });
}

/** Values of the schema's shape. */
export function shapeOf(schema: z.ZodType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'string': return stringShape(def);
    case 'number': return numberShape(def);
    case 'boolean': return fc.boolean();
    case 'literal': return fc.constantFrom(...(def.values ?? []));
    case 'enum': return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'nullable': return fc.option(shapeOf(def.innerType!), { nil: null, freq: 3 });
    case 'optional': return fc.option(shapeOf(def.innerType!), { nil: undefined, freq: 3 });
    case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional': return shapeOf(def.innerType!);
    case 'pipe': return shapeOf(def.in!);
    case 'array': {
      const checks = checksOf(def);
      const minLength = Math.max(0, ...checks.filter((c) => c.check === 'min_length').map((c) => c.minimum ?? 0));
      const maxLength = Math.min(5, ...checks.filter((c) => c.check === 'max_length').map((c) => c.maximum ?? 5));
      return fc.array(shapeOf(def.element!), { minLength, maxLength: Math.max(minLength, maxLength) });
    }
    case 'object': return fc.record(Object.fromEntries(Object.entries(def.shape ?? {}).map(([key, field]) => [key, shapeOf(field)])), { noNullPrototype: true });
    case 'record': {
      const keys = Object.values(defOf(def.keyType!).entries ?? {}).map(String);
      return fc.tuple(...keys.map(() => shapeOf(def.valueType!))).map((values) => Object.fromEntries(keys.map((key, i) => [key, values[i]])));
    }
    case 'union': return fc.oneof(...(def.options ?? []).map(shapeOf));
    default: return fc.anything();
  }
}

/** The fields of an object schema, nullable and optional ones unwrapped. */
export function fieldsOf(schema: z.ZodType): Record<string, z.ZodType> {
  return defOf(schema).shape ?? {};
}

/** The schema inside nullable and optional wrappers. */
export function unwrapped(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  return def.type === 'nullable' || def.type === 'optional' ? unwrapped(def.innerType!) : schema;
}

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { value };
  return value;
}

/** An object whose `__proto__`, `constructor` and `prototype` are its own keys, as JSON.parse makes them. */
export function pollutingObject(): Record<string, unknown> {
  return JSON.parse('{"__proto__":{"ok":true,"role":"clinicLead","isAdmin":true},"constructor":{"prototype":{"ok":true}},"prototype":{"ok":true}}') as Record<string, unknown>;
}

/** What a broken or hostile screen might send in place of a field: wrong types, non-JSON values, huge, deep and odd text. */
export const poison: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    undefined, null, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, Number.MAX_VALUE, -1, 0, 1e21, 2 ** 53 + 1,
    true, false, '', ' ', '\u0000', '\uD800', '\u202Egnp.exe', 'Ma\u0301gs', '𝕄𝕒𝕘𝕤', 'ﷺ', '<script>alert(1)</script>', "'; DROP TABLE events; --",
    'x'.repeat(70), 'x'.repeat(200_001), '9'.repeat(400), '__proto__', 'constructor',
    10n, Symbol('hostile'), () => 1, new Date(Number.NaN), new Date(), new Map([['a', 1]]), new Set([1]), new Uint8Array([1, 2]),
    [], {}, [[[]]], Object.create(null) as unknown,
  ),
  fc.constant(null).map(() => pollutingObject()),
  fc.constant(null).map(() => nested(2000)),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.double(),
  fc.integer(),
  fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }),
);
