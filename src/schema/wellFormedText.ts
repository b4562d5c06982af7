// A Pothos plugin that refuses text which is not well-formed Unicode (a lone UTF-16 surrogate such
// as "\ud800", which JSON can carry) in any argument of any field, before the resolver runs.
// Stored, such text would differ between the log (which keeps the surrogate) and the read models
// (which see U+FFFD), so it is refused at the edge: mutations answer their ValidationError naming
// the field; queries and subscriptions answer BAD_USER_INPUT.
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { GraphQLError, type GraphQLFieldResolver } from 'graphql';
import { ValidationError, type FieldError } from '../domain/errors.ts';

/** With the `u` flag a surrogate pair reads as one code point, so this matches lone surrogates only. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Paths (dot-separated, as ValidationError names fields) of the strings that are not well formed. */
export function illFormedStrings(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? [path.join('.')] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => illFormedStrings(item, [...path, String(i)]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => illFormedStrings(item, [...path, key]));
  }
  return [];
}

const MESSAGE = 'must be well-formed Unicode text (it holds a lone surrogate, e.g. \\ud800)';

export class WellFormedTextPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (Object.keys(fieldConfig.args).length === 0) return resolver;
    const answersValidationError = Boolean((fieldConfig.pothosOptions as { errors?: unknown }).errors);
    return (parent, args, context, info) => {
      const bad = illFormedStrings(args);
      if (bad.length === 0) return resolver(parent, args, context, info);
      // Mutations take one `input`; their ValidationError names fields inside it (sections.0.body).
      const fields: FieldError[] = bad.map((path) => ({ path: path.replace(/^input\./, ''), message: MESSAGE }));
      if (answersValidationError) throw new ValidationError(fields);
      throw new GraphQLError(`Invalid argument: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      wellFormedText: WellFormedTextPlugin<Types>;
    }
  }
}

const pluginName = 'wellFormedText';
SchemaBuilder.registerPlugin(pluginName, WellFormedTextPlugin);
export default pluginName;
