/**
 * `ascendPort/target`: the target that applies to a document and where it came from
 * (workspace settings, the project file, user settings, the default), for the status bar.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { SettingsStore, TargetSource } from './settings';

export const TARGET_REQUEST = 'ascendPort/target';

export interface TargetInfo extends TargetSource {
  soc: string;
  cann: string;
}

export class TargetFeature {
  constructor(private readonly settings: SettingsStore) {}

  register(connection: Connection): void {
    connection.onRequest(TARGET_REQUEST, (p: { uri: string }) => this.target(p.uri));
  }

  async target(uri: string): Promise<TargetInfo> {
    const s = await this.settings.get(uri);
    return { soc: s.target.soc, cann: s.target.cann, ...s.targetSource };
  }
}
