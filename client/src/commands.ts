/**
 * Command ids, in one place and equal to package.json's `contributes.commands`.
 */
import * as vscode from 'vscode';
import { CANN_CHOICES, SOC_CHOICES, type Choice } from './targets';

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
