// Every string field of every event type must say whether it is personal (sealed with the key of
// the people the event is about) or public (stored in clear), beside its schema in the catalogue:
// a new event type, or a new field, cannot forget it.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { catalogue, type FieldPrivacy } from '../../src/events/catalogue.ts';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
}
const defOf = (schema: z.ZodType) => (schema as unknown as { def: Def }).def;

/** Strips nullable, optional, default and pipes down to the value's own schema. */
function unwrap(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  return schema;
}

/** Paths of string fields with no privacy marker, and markers naming no field. */
function unmarked(shape: Record<string, z.ZodType>, fields: Record<string, FieldPrivacy>, prefix: string): string[] {
  const problems = Object.keys(fields)
    .filter((name) => !(name in shape))
    .map((name) => `${prefix}${name} (marked, but not in the schema)`);
  for (const [name, field] of Object.entries(shape)) {
    const schema = unwrap(field);
    const def = defOf(schema);
    const marker = fields[name];
    const element = def.type === 'array' ? unwrap(def.element!) : null;
    const nested = def.type === 'object' ? schema : element && defOf(element).type === 'object' ? element : null;
    if (nested) {
      if (typeof marker !== 'object') problems.push(`${prefix}${name} (objects need their own field markers)`);
      else problems.push(...unmarked(defOf(nested).shape!, marker.fields, `${prefix}${name}[].`));
      continue;
    }
    const isText = def.type === 'string' || (element !== null && defOf(element).type === 'string');
    if (isText && marker !== 'personal' && marker !== 'public') problems.push(`${prefix}${name}`);
  }
  return problems;
}

describe('the event catalogue', () => {
  it.each(Object.entries(catalogue))('%s marks every string field personal or public', (_type, entry) => {
    const shape = defOf(entry.schema as z.ZodType).shape!;
    expect(unmarked(shape, entry.privacy.fields, '')).toEqual([]);
  });

  it('finds an unmarked field, so the check above can fail', () => {
    const shape = defOf(catalogue.TrusteeAppointed.schema).shape!;
    const { name: _name, ...rest } = catalogue.TrusteeAppointed.privacy.fields;
    expect(unmarked(shape, rest, '')).toEqual(['name']);
    const items = catalogue.PublicationRecorded.privacy.fields.items as { fields: Record<string, FieldPrivacy> };
    const { summary: _summary, ...itemRest } = items.fields;
    expect(
      unmarked(
        defOf(catalogue.PublicationRecorded.schema).shape!,
        { ...catalogue.PublicationRecorded.privacy.fields, items: { fields: itemRest } },
        '',
      ),
    ).toEqual(['items[].summary']);
  });

  it('names who an event is about wherever it holds personal data', () => {
    for (const [type, entry] of Object.entries(catalogue)) {
      const hasPersonal = JSON.stringify(entry.privacy.fields).includes('"personal"');
      const nestedSubjects = JSON.stringify(entry.privacy.fields).includes('"subjects"');
      if (hasPersonal) expect(Boolean(entry.privacy.subjects) || nestedSubjects, type).toBe(true);
    }
  });
});
