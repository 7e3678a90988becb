/**
 * Server entry point: creates the connection (IPC from VS Code, `--stdio` for other
 * editors and the protocol tests) and hands it to the composition root. On stdio the
 * reader is created here, so that bad framing ends the process (`lsp/lifecycle.ts`).
 */
import { format } from 'node:util';
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import { exitOnBadFraming, Lifecycle } from './lsp/lifecycle';
import { startServer } from './server';

const lifecycle = new Lifecycle();
let connection: Connection;
if (process.argv.includes('--stdio')) {
  const reader = new StreamMessageReader(process.stdin);
  exitOnBadFraming(reader, (m) => process.stderr.write(`${m}\n`), (code) => process.exit(code));
  connection = createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout), lifecycle.options);
  // The library does these for the streams it creates itself: stdout carries the protocol,
  // so console output goes to the client's log, and a closed stdin ends the process.
  const log = (level: 'log' | 'info' | 'warn' | 'error') => (...args: unknown[]) => connection.console[level](format(...args));
  console.log = log('log');
  console.info = log('info');
  console.warn = log('warn');
  console.error = log('error');
  const end = () => process.exit(lifecycle.isShutDown ? 0 : 1);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
} else connection = createConnection(ProposedFeatures.all, lifecycle.options);
lifecycle.register(connection);
startServer(connection, { wasmDir: __dirname });
