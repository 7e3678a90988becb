/**
 * Command ids, in one place and equal to package.json's `contributes.commands`.
 */
import * as vscode from 'vscode';
import { CANN_CHOICES, SOC_CHOICES } from './targets';

export const Commands = {
  selectTarget: 'ascendPort.selectTarget',
  showOutput: 'ascendPort.showOutput',
  restartServer: 'ascendPort.restartServer',
} as const;

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
  let pickedSoc = soc;
  if (!pickedSoc) {
    const item = await vscode.window.showQuickPick(
      SOC_CHOICES.map((c) => ({ label: c.soc, description: c.soc === currentSoc ? `${c.description} · current` : c.description })),
      { title: 'Ascend Port: target SoC (1/2)', placeHolder: 'The Ascend chip you are porting to' },
    );
    if (!item) return;
    pickedSoc = item.label;
  }
  let pickedCann = cann;
  if (!pickedCann) {
    const item = await vscode.window.showQuickPick(
      CANN_CHOICES.map((c) => ({ label: c.soc, description: c.soc === currentCann ? `${c.description} · current` : c.description })),
      { title: 'Ascend Port: CANN version (2/2)', placeHolder: 'The CANN toolkit you build with' },
    );
    if (!item) return;
    pickedCann = item.label;
  }
  if (!SOC_CHOICES.some((c) => c.soc === pickedSoc)) throw new Error(`unknown SoC '${pickedSoc}'`);
  if (!CANN_CHOICES.some((c) => c.soc === pickedCann)) throw new Error(`unknown CANN version '${pickedCann}'`);
  const where = settingsTarget();
  await config.update('target.soc', pickedSoc, where);
  await config.update('target.cann', pickedCann, where);
}
