// While the event log is taken as damaged (see src/app/integrity.ts), every query answer carries an
// error saying so, so read models that may hold events the log has lost are never taken as sound.
import { GraphQLError, Kind, type DefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Services } from '../app/services.ts';

export function useLogDamageFlag(services: Services): Plugin {
  return {
    onExecute({ args }) {
      const reason = services.integrity.reason;
      const isQuery = args.document.definitions.some(
        (d: DefinitionNode) => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'query',
      );
      if (reason === null || !isQuery) return;
      return {
        onExecuteDone({ result, setResult }) {
          if (!('data' in result)) return;
          const flag = new GraphQLError(
            `The event log is damaged; writes are refused and answers may hold events the log has lost: ${reason}`,
            {
              extensions: { code: 'LOG_DAMAGED' },
            },
          );
          setResult({ ...result, errors: [...(result.errors ?? []), flag] });
        },
      };
    },
  };
}
