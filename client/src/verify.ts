/**
 * "Ascend Port: Verify Port": runs a port and its CUDA original on the CPU (the server's
 * `ascendPort/verify`), with cancellable progress; the verdict is a notification, the
 * details go to the output channel, and model violations appear as diagnostics on the port
 * file (published by the server). From a lens (port file and kernel) or the palette (the
 * active editor: a port file, or a CUDA source whose complete ports are verified).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const VERIFY_COMMAND = 'ascendPort.verifyPort';
const VERIFY_REQUEST = 'ascendPort/verify';

interface VerifyResponse {
  result: {
    status: 'pass' | 'fail' | 'error';
    message?: string;
    kernels: { kernel: string; pass: boolean; error?: string; cases: { size: number; pass: boolean; outputs: { name: string; pass: boolean; first?: { index: number; cuda: unknown; ascend: unknown } }[]; violations: { api: string; message: string }[] }[] }[];
  };
  summary: string;
}

/** The first problem, in one line: the kernel, size, output, index and both values. */
function firstProblem(r: VerifyResponse['result']): string {
  for (const k of r.kernels) {
    if (k.error) return `${k.kernel}: ${k.error}`;
    for (const c of k.cases) {
      const o = c.outputs.find((x) => !x.pass && x.first);
      if (o?.first) return `${k.kernel}, n=${c.size}: ${o.name}[${o.first.index}] is ${String(o.first.ascend)} on Ascend, ${String(o.first.cuda)} in CUDA`;
      const v = c.violations[0];
      if (v) return `${k.kernel}, n=${c.size}: ${v.api}: ${v.message}`;
    }
  }
  return r.message ?? 'see the output';
}

export async function verifyPort(client: LanguageClient, output: vscode.LogOutputChannel, uri?: string, kernel?: string): Promise<VerifyResponse | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Ascend Port: Verify Port builds and runs code with a compiler, so it is off in Restricted Mode. Trust this workspace to use it.');
    return undefined;
  }
  const target = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
  if (!target) {
    void vscode.window.showInformationMessage('Ascend Port: open a CUDA file or a generated Ascend C port to verify.');
    return undefined;
  }
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target);
  if (doc?.isDirty) await doc.save();
  const response = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Ascend Port: verifying ${kernel ?? vscode.Uri.parse(target).path.split('/').pop()} on the CPU`, cancellable: true },
    (_progress, token) => client.sendRequest<VerifyResponse>(VERIFY_REQUEST, { uri: target, kernel }, token),
  );
  output.info(`Verify port (${kernel ?? target}):\n${response.summary}`);
  const { status } = response.result;
  const show = 'Show Details';
  const pick =
    status === 'pass'
      ? await vscode.window.showInformationMessage(`Ascend Port: verify passed: ${response.result.kernels.filter((k) => k.pass).map((k) => k.kernel).join(', ')} match${response.result.kernels.length === 1 ? 'es' : ''} the CUDA on every size.`, show)
      : status === 'fail'
        ? await vscode.window.showErrorMessage(`Ascend Port: verify failed: ${firstProblem(response.result)}`, show)
        : await vscode.window.showWarningMessage(`Ascend Port: verify could not run: ${firstProblem(response.result)}`, show);
  if (pick === show) output.show(true);
  return response;
}
