/**
 * Server entry point: creates the connection (IPC from VS Code, `--stdio` for other
 * editors and the protocol tests) and hands it to the composition root.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
startServer(connection, { wasmDir: __dirname });
