import { isInterfaceType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { staleDescriptions } from '../../src/schema/descriptions.ts';
import { schema } from '../../src/schema/index.ts';

describe('schema descriptions', () => {
  it('describes every type and every field of an object or interface type', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (!type.description) missing.push(type.name);
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      for (const field of Object.values(type.getFields()))
        if (!field.description) missing.push(`${type.name}.${field.name}`);
    }
    expect(missing).toEqual([]);
  });

  it('keeps no description for a type or field the schema no longer has', () => {
    expect(staleDescriptions(schema)).toEqual([]);
  });
});
