// The plain HTTP answers beside GraphQL: /health, and the public key that signs tree heads.
import type { ServerResponse } from 'node:http';
import { aheadOfLog } from '../app/integrity.ts';
import type { Services } from '../app/services.ts';
import { DATA_CSP, SECURITY_HEADERS, sendJson, type HttpGate } from './gate.ts';

/** Where the tree-head public key is served, as PEM (SubjectPublicKeyInfo); its key id is in x-key-id. */
export const TREE_HEAD_KEY_PATH = '/.well-known/tree-head-key';

/** The service's health as JSON: 200 when it is sound, 503 with the reason when it is not. */
export function health(services: Services, gate: HttpGate, res: ServerResponse): void {
  void services.store.headPosition().then(
    (head) => {
      const { position, failure, subscription } = services.runner.status();
      // A damaged log (found at start, or read models that have got ahead of it since) comes first:
      // it is why a projection failure or a negative lag would look odd.
      const reason =
        services.integrity.reason ??
        aheadOfLog(services.runner.highestCheckpoint(), head) ??
        (failure
          ? `projection ${failure.projector} stopped at position ${failure.position} (${failure.eventType}): ${failure.message}`
          : null) ??
        (subscription?.retrying === false ? `following the log stopped: ${subscription.message}` : null);
      const ok = reason === null;
      sendJson(res, ok ? 200 : 503, {
        status: ok ? 'ok' : 'failing',
        reason,
        log: { headPosition: head.toString(), writable: services.integrity.reason === null },
        projections: {
          position: position.toString(),
          lag: (head - position).toString(),
          failure: failure ? { ...failure, position: failure.position.toString() } : null,
          subscription,
        },
        http: {
          connections: gate.openConnections,
          eventStreams: gate.openStreams,
          queuedRequests: gate.queuedRequests,
        },
      });
    },
    (error: unknown) =>
      sendJson(res, 503, {
        status: 'failing',
        reason: `the log cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        log: null,
      }),
  );
}

/** The public key that signs tree heads, PEM, with its key id in x-key-id. */
export function servePublicKey(services: Services, res: ServerResponse): void {
  const { publicKeyPem, keyId } = services.signer();
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-security-policy': DATA_CSP,
    'content-type': 'application/x-pem-file',
    'x-key-id': keyId,
  });
  res.end(publicKeyPem);
}
