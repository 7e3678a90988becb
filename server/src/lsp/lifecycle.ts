/**
 * Protocol hardening that sits under every feature: after `shutdown`, requests are
 * answered with InvalidRequest instead of reaching features whose wasm memory is already
 * freed ("memory access out of bounds"), and notifications other than `exit` are dropped.
 * Bad framing on stdio (a broken Content-Length, a body that is not JSON) is logged and
 * ends the process, so the client restarts the server instead of talking to a deaf one.
 */
import { ErrorCodes, Message, ResponseError, type Connection, type ConnectionOptions, type MessageReader } from 'vscode-languageserver/node';

/** Requests after shutdown are renamed to this, so the connection answers them with an error. */
const AFTER_SHUTDOWN = 'ascendPort/afterShutdown';

export class Lifecycle {
  private shutDown = false;

  /** Connection options whose message strategy applies the shutdown rule to every message. */
  readonly options: ConnectionOptions = {
    messageStrategy: {
      handleMessage: (message, next) => {
        if (Message.isRequest(message)) {
          if (this.shutDown && message.method !== 'shutdown') return next({ ...message, method: AFTER_SHUTDOWN, params: { method: message.method } } as Message);
          if (message.method === 'shutdown') this.shutDown = true;
        } else if (this.shutDown && Message.isNotification(message) && message.method !== 'exit') return;
        next(message);
      },
    },
  };

  get isShutDown(): boolean {
    return this.shutDown;
  }

  register(connection: Connection): void {
    connection.onRequest(AFTER_SHUTDOWN, (p: { method: string }) => {
      throw new ResponseError(ErrorCodes.InvalidRequest, `${p.method}: the server has shut down; only exit is accepted`);
    });
  }
}

/** On stdio, a framing or decoding error leaves the reader out of step for good: log it and exit. */
export function exitOnBadFraming(reader: MessageReader, log: (m: string) => void, exit: (code: number) => void): void {
  reader.onError((e) => {
    log(`ascend-port: unreadable message from the client (${e instanceof Error ? e.message : String(e)}); exiting so that the client restarts the server`);
    exit(1);
  });
}
