/**
 * Rule documentation, rendered: *Show documentation for ASCnnn* (a quick fix on every
 * finding) and *Open rule documentation…* open the bundled `docs/rules/ASCnnn.md` in the
 * Markdown preview, never as an editable tab. Diagnostic codes link to the same command
 * (the Problems panel opens code links with commands allowed), or to
 * `ascendPort.docs.baseUrl` when one is configured.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

export const SHOW_RULE_DOC = 'ascendPort.showRuleDocumentation';
export const OPEN_RULE_DOC = 'ascendPort.openRuleDocumentation';

function docFile(context: vscode.ExtensionContext, code: string): vscode.Uri | undefined {
  if (!/^ASC\d{3}$/.test(code)) return undefined;
  const file = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${code}.md`);
  return fs.existsSync(file.fsPath) ? file : undefined;
}

/** The rule pages in the extension: code and title (the first heading). */
function rulePages(context: vscode.ExtensionContext): { code: string; title: string }[] {
  const dir = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules').fsPath;
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).filter((n) => /^ASC\d{3}\.md$/.test(n)).sort();
  } catch {
    return [];
  }
  return names.map((n) => {
    const first = fs.readFileSync(`${dir}/${n}`, 'utf8').split('\n').find((l) => l.startsWith('# ')) ?? n;
    return { code: n.slice(0, 6), title: first.replace(/^#\s*/, '') };
  });
}

export async function showRuleDocumentation(context: vscode.ExtensionContext, code: string): Promise<void> {
  const file = docFile(context, code);
  if (!file) {
    void vscode.window.showWarningMessage(`Ascend Port: no documentation for '${code}'.`);
    return;
  }
  // The preview renders the page; with the source not open, nothing editable appears.
  await vscode.commands.executeCommand('markdown.showPreview', file);
}

export function registerRuleDocs(context: vscode.ExtensionContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(SHOW_RULE_DOC, (code?: string) => (code ? showRuleDocumentation(context, code) : openRuleDocumentation(context))),
    vscode.commands.registerCommand(OPEN_RULE_DOC, () => openRuleDocumentation(context)),
  ];
}

async function openRuleDocumentation(context: vscode.ExtensionContext): Promise<void> {
  const word = (() => {
    const e = vscode.window.activeTextEditor;
    if (!e) return undefined;
    const at = vscode.languages.getDiagnostics(e.document.uri).find((d) => d.source === 'ascend-port' && d.range.contains(e.selection.active));
    return at ? codeOf(at) : undefined;
  })();
  const items = rulePages(context).map((p) => ({ label: p.code, description: p.title.replace(/^ASC\d{3}\s*/, ''), picked: p.code === word }));
  const pick = vscode.window.createQuickPick<(typeof items)[number]>();
  pick.title = 'Ascend Port: open rule documentation';
  pick.placeholder = 'Type a code (ASC251) or words from the rule name';
  pick.matchOnDescription = true;
  pick.items = items;
  const current = items.find((i) => i.picked);
  if (current) pick.activeItems = [current];
  const chosen = await new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]?.label ?? pick.activeItems[0]?.label));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (chosen) await showRuleDocumentation(context, chosen);
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : c === undefined ? undefined : String(c);
}

/** Points diagnostic code links at rendered docs instead of the raw file in the extension folder. */
export function docsLinkMiddleware(): Partial<Middleware> {
  return {
    handleDiagnostics: (uri, diagnostics, next) => {
      const base = vscode.workspace.getConfiguration('ascendPort').get<string>('docs.baseUrl', '').trim();
      for (const d of diagnostics) {
        const code = codeOf(d);
        if (d.source !== 'ascend-port' || !code || typeof d.code !== 'object') continue;
        d.code = { value: code, target: base.startsWith('https://') ? vscode.Uri.parse(`${base.replace(/\/$/, '')}/${code}`) : vscode.Uri.parse(`command:${SHOW_RULE_DOC}?${encodeURIComponent(JSON.stringify([code]))}`) };
      }
      next(uri, diagnostics);
    },
  };
}
