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

/**
 * Picks the SoC, then the CANN version, and writes both settings. Tests and keybindings
 * may pass them as arguments to skip the pickers.
 */
export async function selectTarget(soc?: string, cann?: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('ascendPort');
  const currentSoc = config.get<string>('target.soc');
  const currentCann = config.get<string>('target.cann');
  const pickedSoc = soc ?? (await pick(SOC_CHOICES, currentSoc, 'Ascend Port: target SoC (1/2)', 'The Ascend chip you are porting to'));
  if (!pickedSoc) return;
  const pickedCann = cann ?? (await pick(CANN_CHOICES, currentCann, 'Ascend Port: CANN version (2/2)', 'The CANN toolkit you build with'));
  if (!pickedCann) return;
  if (!SOC_CHOICES.some((c) => c.value === pickedSoc)) throw new Error(`unknown SoC '${pickedSoc}'`);
  if (!CANN_CHOICES.some((c) => c.value === pickedCann)) throw new Error(`unknown CANN version '${pickedCann}'`);
  const where = settingsTarget();
  await config.update('target.soc', pickedSoc, where);
  await config.update('target.cann', pickedCann, where);
}

async function pick(choices: readonly Choice[], current: string | undefined, title: string, placeHolder: string): Promise<string | undefined> {
  const item = await vscode.window.showQuickPick(
    choices.map((c) => ({ label: c.value, description: c.value === current ? `${c.description} · current` : c.description })),
    { title, placeHolder },
  );
  return item?.label;
}
