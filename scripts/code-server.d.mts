// Types of scripts/code-server.mjs, for the TypeScript tests that use it.
import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';

export declare const CODE_SERVER_VERSION: string;
export declare const REPO: string;
export declare const CHROMIUM: string;
export declare const QUIET_SETTINGS: Record<string, unknown>;
export declare function cacheDir(): string;
export declare function codeServerHome(): string;
export declare function codeServerBin(): string;
export declare function ensureDebianPackages(needs: Record<string, string>): void;
export declare function ensureCodeServer(): string;
export declare function freePort(preferred?: number): Promise<number>;

export interface Profile {
  dir: string;
  userData: string;
  extensions: string;
  config: string;
}
export declare function makeProfile(options?: { dir?: string; userData?: string; extensions?: string; settings?: Record<string, unknown> }): Profile;
export declare function installExtension(profile: Profile, vsix: string): string[];

export interface RunningCodeServer {
  port: number;
  base: string;
  url(folder?: string, payload?: [string, string][]): string;
  child: ChildProcess;
  stop(): Promise<void>;
  output(): string;
}
export declare function startCodeServer(options: { profile: Profile; port?: number; stdio?: 'pipe' | 'inherit'; env?: Record<string, string> }): Promise<RunningCodeServer>;
export declare function launchChromium(options?: { headless?: boolean }): Promise<Browser>;
export declare function remoteUri(port: number, path: string): string;
