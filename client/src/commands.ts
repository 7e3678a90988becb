/**
 * Command ids, in one place and equal to package.json's `contributes.commands`.
 */
import * as vscode from 'vscode';
import { CANN_CHOICES, SOC_CHOICES, type Choice } from './targets';

export const Commands = {
  selectTarget: 'ascendPort.selectTarget',
  showOutput: 'ascendPort.showOutput',
  restartServer: 'ascendPort.restartServer',
  setAssumptions: 'ascendPort.setAssumptions',
  showReport: 'ascendPort.showReport',
  showReportForFile: 'ascendPort.showReportForFile',
} as const;

const ANNOTATION = /^(\s*)\/\/\s*ascend-port:\s*assume\b.*$/;

/**
 * The estimate lens's click: asks for the shapes to assume and writes them as
 * `// ascend-port: assume …` above the kernel (replacing an existing annotation there).
 */
export async function setAssumptions(uri?: string, line?: number, current?: string): Promise<void> {
  if (uri === undefined || line === undefined) return;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const value = await vscode.window.showInputBox({
    title: 'Ascend Port: shapes to assume for this kernel\'s estimate',
    prompt: 'e.g. n=1048576, or M=4096 N=4096 K=4096 dtype=half (dtype: half, float, int8, bfloat16)',
    value: current ?? '',
    validateInput: (v) => (/^(\s*[A-Za-z_]\w*\s*=\s*[\w.^<]+\s*)*$/.test(v) ? undefined : 'write name=value pairs separated by spaces'),
  });
  if (value === undefined) return;
  const edit = new vscode.WorkspaceEdit();
  const indent = /^\s*/.exec(doc.lineAt(line).text)![0];
  const text = `${indent}// ascend-port: assume ${value.trim()}`;
  let existing = -1;
  for (let l = line - 1; l >= Math.max(0, line - 3); l--) if (ANNOTATION.test(doc.lineAt(l).text)) existing = l;
  if (existing >= 0) edit.replace(doc.uri, doc.lineAt(existing).range, text);
  else edit.insert(doc.uri, new vscode.Position(line, 0), `${text}\n`);
  await vscode.workspace.applyEdit(edit);
}

/** Workspace settings when a folder is open, user settings otherwise. */
function settingsTarget(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

/** Where the picker's choice is written, in the words the picker shows before writing. */
export function storedWhere(): string {
  return settingsTarget() === vscode.ConfigurationTarget.Workspace
    ? "Saved in this workspace's settings (.vscode/settings.json); it takes precedence over target: in .ascend-port.yaml"
    : 'Saved in your user settings (no folder is open)';
}

/**
 * Picks the SoC, then the CANN version, and writes both settings. Each picker opens on the
 * current value and says where the choice is stored. Tests and keybindings may pass them as
 * arguments to skip the pickers.
 */
export async function selectTarget(soc?: string, cann?: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('ascendPort', vscode.window.activeTextEditor?.document.uri);
  const currentSoc = config.get<string>('target.soc');
  const currentCann = config.get<string>('target.cann');
  const pickedSoc = soc ?? (await pick(SOC_CHOICES, currentSoc, 'Ascend Port: target SoC (1/2)', `The Ascend chip you are porting to. ${storedWhere()}.`));
  if (!pickedSoc) return;
  const pickedCann = cann ?? (await pick(CANN_CHOICES, currentCann, 'Ascend Port: CANN version (2/2)', `The CANN toolkit you build with. ${storedWhere()}.`));
  if (!pickedCann) return;
  if (!SOC_CHOICES.some((c) => c.value === pickedSoc)) throw new Error(`unknown SoC '${pickedSoc}'`);
  if (!CANN_CHOICES.some((c) => c.value === pickedCann)) throw new Error(`unknown CANN version '${pickedCann}'`);
  const where = settingsTarget();
  const root = vscode.workspace.getConfiguration('ascendPort');
  await root.update('target.soc', pickedSoc, where);
  await root.update('target.cann', pickedCann, where);
}

async function pick(choices: readonly Choice[], current: string | undefined, title: string, placeholder: string): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  qp.title = title;
  qp.placeholder = placeholder;
  qp.items = choices.map((c) => ({ label: c.value, description: c.value === current ? `current · ${c.description}` : c.description }));
  const active = qp.items.find((i) => i.label === current);
  if (active) qp.activeItems = [active];
  const picked = await new Promise<string | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]?.label ?? qp.activeItems[0]?.label));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  return picked;
}
