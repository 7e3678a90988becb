/**
 * The porting cost report in a webview. The webview only renders the report the server
 * built (and the charts it drew); it computes nothing. It asks the extension to open a
 * location or export the report; exports are rendered by the server's engine and written
 * where the user chooses in the workspace.
 *
 * Conventions: a strict Content-Security-Policy (nonce'd script, no remote content),
 * theme colours from --vscode-* variables, and a keyboard-usable page.
 */
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export interface ReportResponse {
  report: { target: { soc: string; cann: string }; summary: unknown; files: unknown[] };
  charts: { family: string; fixable: string; readiness: string };
  uris: Record<string, string>;
  problems: string[];
}

const EXTENSIONS: Record<string, string> = { md: 'md', csv: 'csv', json: 'json', sarif: 'sarif', html: 'html' };

export class ReportPanel {
  private static current: ReportPanel | undefined;
  private data: ReportResponse;

  static show(context: vscode.ExtensionContext, client: LanguageClient, data: ReportResponse, title: string): ReportPanel {
    if (ReportPanel.current) {
      ReportPanel.current.update(data, title);
      ReportPanel.current.panel.reveal();
      return ReportPanel.current;
    }
    const panel = vscode.window.createWebviewPanel('ascendPort.report', title, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
    });
    ReportPanel.current = new ReportPanel(panel, context, client, data);
    return ReportPanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    data: ReportResponse,
  ) {
    this.data = data;
    const nonce = crypto.randomBytes(16).toString('base64');
    const webview = panel.webview;
    const script = webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', 'report.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', 'report.css'));
    webview.html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${webview.cspSource} data:; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style}">
<title>Porting cost report</title>
</head>
<body>
<main id="app" aria-live="polite"><p>Loading the report…</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
    webview.onDidReceiveMessage((m: { type: string; path?: string; line?: number; character?: number; format?: string }) => this.onMessage(m), undefined, context.subscriptions);
    panel.onDidDispose(() => (ReportPanel.current = undefined), undefined, context.subscriptions);
  }

  private update(data: ReportResponse, title: string): void {
    this.data = data;
    this.panel.title = title;
    void this.panel.webview.postMessage({ type: 'report', data });
  }

  private async onMessage(m: { type: string; path?: string; line?: number; character?: number; format?: string }): Promise<void> {
    if (m.type === 'ready') {
      void this.panel.webview.postMessage({ type: 'report', data: this.data });
    } else if (m.type === 'open' && m.path) {
      const uri = this.data.uris[m.path];
      if (!uri) return;
      const pos = new vscode.Position(m.line ?? 0, m.character ?? 0);
      await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.Beside });
    } else if (m.type === 'export' && m.format && EXTENSIONS[m.format]) {
      const text = await this.client.sendRequest<string>('ascendPort/renderReport', { report: this.data.report, format: m.format });
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, `ascend-port-report.${EXTENSIONS[m.format]}`) : undefined,
        filters: { [m.format.toUpperCase()]: [EXTENSIONS[m.format]!] },
        title: 'Ascend Port: export the porting cost report',
      });
      if (!target) return;
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      void this.panel.webview.postMessage({ type: 'exported', path: vscode.workspace.asRelativePath(target) });
      void vscode.window.showInformationMessage(`Ascend Port: report written to ${vscode.workspace.asRelativePath(target)}`);
    }
  }
}
