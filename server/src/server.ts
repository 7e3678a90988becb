/**
 * Composition root: builds the engine and wires the LSP features. It holds no logic of
 * its own; each feature lives in one file under lsp/.
 */
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine, type EngineOptions } from './engine';
import { EstimatesFeature } from './lsp/estimates';
import { ReportFeature } from './lsp/report';
import { CodeActionsFeature, FIX_ALL_KIND, PORT_KIND, SHOW_PORT_COMMAND } from './lsp/codeActions';
import { DiagnosticsFeature } from './lsp/diagnostics';
import { DocumentStore } from './lsp/documentStore';
import { HoverFeature } from './lsp/hover';
import { SettingsStore } from './lsp/settings';
import { MigrateFeature } from './lsp/migrate';
import { VerifyFeature } from './lsp/verify';
import { TargetFeature } from './lsp/target';
import { registerReportFiles } from './lsp/reportFiles';
import { BuildContexts } from './lsp/buildContext';
import { registerWatchers, watchedFilesHandler } from './lsp/watchedFiles';
import { uriToPath } from './lsp/uri';
import { LineDocuments } from './lsp/lineDocument';

declare const ASCEND_PORT_VERSION: string | undefined;

export function startServer(connection: Connection, options: EngineOptions): void {
  // Line-array documents: an incremental change costs the lines it touches, not a copy of the file.
  const documents = new TextDocuments<TextDocument>(LineDocuments);
  let canPullConfiguration = false;
  let canCreateFiles = false;
  let canRefreshLenses = false;
  let canRefreshHints = false;
  let canRegisterConfigurationChange = false;
  let canRegisterWatchers = false;
  let canFollowFolders = false;
  let vscodeClient = false;
  let roots: string[] = [];
  const settings = new SettingsStore(connection, () => canPullConfiguration, () => roots);
  // Open documents by path: their editor text is what an including document reads.
  const openByPath = new Map<string, string>();
  documents.onDidOpen((e) => {
    const p = uriToPath(e.document.uri);
    if (p) openByPath.set(p, e.document.uri);
  });
  documents.onDidClose((e) => {
    const p = uriToPath(e.document.uri);
    if (p && openByPath.get(p) === e.document.uri) openByPath.delete(p);
  });
  const contexts = new BuildContexts(
    (absPath) => {
      const uri = openByPath.get(absPath);
      return uri ? documents.get(uri)?.getText() : undefined;
    },
    () => roots,
  );
  // The engine loads its wasm asynchronously; features wait for it.
  const engineReady = Engine.create(options);
  let store: DocumentStore | undefined;
  let diagnostics: DiagnosticsFeature | undefined;

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    canRefreshLenses = !!params.capabilities.workspace?.codeLens?.refreshSupport;
    canRefreshHints = !!params.capabilities.workspace?.inlayHint?.refreshSupport;
    canCreateFiles = !!params.capabilities.workspace?.workspaceEdit?.documentChanges && (params.capabilities.workspace.workspaceEdit.resourceOperations ?? []).includes('create');
    canRegisterConfigurationChange = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    canRegisterWatchers = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canFollowFolders = !!params.capabilities.workspace?.workspaceFolders;
    roots = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : [])).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    const init = params.initializationOptions as { settings?: Parameters<SettingsStore['setGlobal']>[0]; extensionVersion?: string } | undefined;
    // The VS Code client watches headers and compile_commands.json itself (client/src/languageClient.ts).
    vscodeClient = typeof init?.extensionVersion === 'string';
    settings.setGlobal(init?.settings);
    let engine: Engine;
    try {
      engine = await engineReady;
    } catch (e) {
      // Without the parser nothing works: say so plainly in the client's output.
      connection.console.error(`ascend-port: cannot load tree-sitter: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
    store = new DocumentStore(engine, (uri, s) => contexts.contextFor(uri, s));
    diagnostics = new DiagnosticsFeature(connection, documents, store, settings, contexts, () => refreshViews());
    diagnostics.register();
    const estimates = new EstimatesFeature(documents, store, settings);
    estimates.register(connection);
    new HoverFeature(store, settings, documents, (uri, position) => estimates.hover(uri, position)).register(connection);
    new ReportFeature(() => engine, documents, settings, (uri, s) => contexts.transientContext(uri, s)).register(connection);
    new CodeActionsFeature(documents, store, settings, () => canCreateFiles).register(connection);
    const verify = new VerifyFeature(() => engine, documents, settings, (uri, d) => diagnostics?.setExtra(uri, d), (uri, s) => contexts.transientContext(uri, s));
    verify.register(connection);
    new MigrateFeature(() => engine, settings, (uri, s) => contexts.transientContext(uri, s), typeof ASCEND_PORT_VERSION === 'string' ? ASCEND_PORT_VERSION : 'dev').register(connection);
    connection.onCodeLens(async (p) => [...(await estimates.codeLenses(p)), ...verify.codeLenses(p.textDocument.uri)]);
    new TargetFeature(settings).register(connection);
    registerReportFiles(connection);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, PORT_KIND], resolveProvider: true },
        executeCommandProvider: { commands: [SHOW_PORT_COMMAND] },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: true,
        // Folders added later hold project files and compile_commands.json too.
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'ascend-port', version: typeof ASCEND_PORT_VERSION === 'string' ? ASCEND_PORT_VERSION : 'dev' },
    };
  });

  /** Lenses and inlay hints are pulled: ask the client to pull them again. */
  const refreshViews = () => {
    if (canRefreshLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    if (canRefreshHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
  };

  connection.onInitialized(() => {
    if (canRegisterConfigurationChange) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'ascendPort' });
    if (canRegisterWatchers && !vscodeClient) registerWatchers(connection);
    if (canFollowFolders) {
      // A folder added or removed changes where relative settings, the project file and
      // compile_commands.json are looked up for the documents in it.
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
        roots = [...roots.filter((r) => !removed.has(r)), ...e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p && !roots.includes(p))];
        settings.clear();
        contexts.resetAll();
        diagnostics?.refreshAll();
        refreshViews();
      });
    }
  });

  connection.onDidChangeConfiguration((change) => {
    settings.clear();
    contexts.resetAll();
    const raw = (change.settings as { ascendPort?: Parameters<SettingsStore['setGlobal']>[0] } | null)?.ascendPort;
    if (raw) settings.setGlobal(raw);
    diagnostics?.refreshAll();
    // The target (or an estimate setting) may have changed: lenses and hints are pulled, so ask the client to pull again.
    refreshViews();
  });

  // The client watches .ascend-port.yaml, compile_commands.json and headers (lsp/watchedFiles.ts).
  connection.onDidChangeWatchedFiles(
    watchedFilesHandler({
      configurationChanged: () => {
        settings.clear();
        contexts.resetAll();
        diagnostics?.refreshAll();
        refreshViews();
      },
      headersAddedOrRemoved: () => {
        contexts.resetAll();
        diagnostics?.refreshAll();
      },
      headerChanged: (file) => diagnostics?.headerChanged(file),
      isOpen: (file) => openByPath.has(file),
    }),
  );

  connection.onShutdown(() => {
    diagnostics?.dispose();
    store?.dispose();
    void engineReady.then((e) => e.dispose(), () => undefined);
  });

  documents.listen(connection);
  connection.listen();
}
