// Connection-level limits of the HTTP gate: open connections in all (MAX_CONNECTIONS) and per
// address (MAX_CONNECTIONS_PER_ADDRESS), answered 503 before any request is read; slow or broken
// request heads answered 408, 431 or 400 on the raw socket; node's own header, request and idle timeouts.
import { maxHeaderSize, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { answerRaw } from './answers.ts';
import type { GateSettings } from './gateSettings.ts';

/** Answers 503 on a connection before any request is read from it, naming the limit. */
function refuseConnection(socket: Socket, message: string, limit: keyof GateSettings): void {
  answerRaw(
    socket,
    '503 Service Unavailable',
    { message, extensions: { code: 'TOO_MANY_CONNECTIONS', limit } },
    'retry-after: 1\r\n',
  );
}

export class ConnectionLimits {
  private count = 0;
  private readonly perAddress = new Map<string, number>();

  constructor(private readonly settings: GateSettings) {}

  /** Open TCP connections right now. */
  get open(): number {
    return this.count;
  }

  /** Applies the limits to a node:http server (before it listens). */
  guard(server: Server): void {
    const s = this.settings;
    server.headersTimeout = s.HEADERS_TIMEOUT_MS;
    // Node's own backstop for a whole request; the gate answers a slow body first, with its code.
    server.requestTimeout = s.HEADERS_TIMEOUT_MS + s.BODY_TIMEOUT_MS + 1_000;
    server.timeout = s.IDLE_TIMEOUT_MS;
    server.on('connection', (socket: Socket) => {
      const address = socket.remoteAddress ?? 'unknown';
      const mine = (this.perAddress.get(address) ?? 0) + 1;
      this.perAddress.set(address, mine);
      this.count += 1;
      socket.once('close', () => {
        this.count -= 1;
        const left = (this.perAddress.get(address) ?? 1) - 1;
        if (left <= 0) this.perAddress.delete(address);
        else this.perAddress.set(address, left);
      });
      if (this.count > s.MAX_CONNECTIONS) {
        refuseConnection(
          socket,
          `The server holds its limit of ${s.MAX_CONNECTIONS} open connections; try again shortly`,
          'MAX_CONNECTIONS',
        );
      } else if (mine > s.MAX_CONNECTIONS_PER_ADDRESS) {
        // One host cannot take every connection (and with it /health) by opening and holding many.
        refuseConnection(
          socket,
          `One address may hold ${s.MAX_CONNECTIONS_PER_ADDRESS} open connections; close one first`,
          'MAX_CONNECTIONS_PER_ADDRESS',
        );
      }
    });
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
      if (!socket.writable || (socket as Socket & { _httpMessage?: unknown })._httpMessage) {
        socket.destroy();
        return;
      }
      if (error.code === 'HPE_HEADER_OVERFLOW') {
        // RFC 6585 §5: the client can send the request again with fewer or smaller headers.
        answerRaw(socket, '431 Request Header Fields Too Large', {
          message: `The request's headers are larger than ${maxHeaderSize} bytes in all`,
          extensions: { code: 'HEADERS_TOO_LARGE' },
        });
      } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
        answerRaw(socket, '408 Request Timeout', {
          message: `The request headers did not arrive within ${s.HEADERS_TIMEOUT_MS} ms`,
          extensions: { code: 'HEADERS_TIMEOUT', limit: 'HEADERS_TIMEOUT_MS' },
        });
      } else {
        answerRaw(socket, '400 Bad Request', {
          message: 'The request is not valid HTTP',
          extensions: { code: 'BAD_REQUEST' },
        });
      }
    });
  }
}
