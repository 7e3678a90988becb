/**
 * The extension's own log lines, filtered by `ascendPort.logLevel` (the language client's
 * messages and `ascendPort.trace.server` go to the same output channel).
 */
import * as vscode from 'vscode';

const LEVELS = ['error', 'warn', 'info', 'debug'] as const;
type Level = (typeof LEVELS)[number];

export class Logger {
  constructor(private readonly output: vscode.LogOutputChannel) {}

  private enabled(level: Level): boolean {
    const wanted = vscode.workspace.getConfiguration('ascendPort').get<string>('logLevel', 'info');
    const at = LEVELS.indexOf(wanted as Level);
    return LEVELS.indexOf(level) <= (at < 0 ? 2 : at);
  }

  error(m: string): void {
    if (this.enabled('error')) this.output.error(m);
  }
  warn(m: string): void {
    if (this.enabled('warn')) this.output.warn(m);
  }
  info(m: string): void {
    if (this.enabled('info')) this.output.info(m);
  }
  debug(m: string): void {
    // A LogOutputChannel drops debug lines below its own level; write them as info when asked for.
    if (this.enabled('debug')) this.output.info(`[debug] ${m}`);
  }
}
