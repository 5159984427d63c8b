/** Chooses the engine from the shape of `--db`. */
import type { Engine } from './engine.js';
import { FileEngine } from './file.js';
import { LibsqlEngine } from './libsql.js';
import { D1Engine } from './d1.js';
import { LiteformError } from '../../errors.js';
import { engineKindOf } from './engine-kind.js';

export { engineKindOf };

export interface OpenEngineOptions {
  /** libSQL / Turso auth token (from --auth-token or LITEFORM_AUTH_TOKEN). Never echoed. */
  readonly authToken?: string;
  /** Miniflare / wrangler D1 persist directory; default .wrangler/state/v3/d1. */
  readonly d1Persist?: string;
  /** file engine: create the file when missing. */
  readonly create?: boolean;
  readonly readonly?: boolean;
  readonly busyTimeoutMs?: number;
}

export async function openEngine(url: string, options: OpenEngineOptions = {}): Promise<Engine> {
  switch (engineKindOf(url)) {
    case 'd1': {
      const id = url.replace(/^d1:(\/\/)?/i, '');
      if (!/^[A-Za-z0-9._-]+$/.test(id)) {
        throw new LiteformError('LITEFORM_USAGE', `${url}: expected d1://<database_id>`, 'use the database_id from wrangler.toml (or its binding name as wrangler uses it locally)');
      }
      return D1Engine.open(id, options.d1Persist !== undefined ? { d1Persist: options.d1Persist } : {});
    }
    case 'libsql':
      return LibsqlEngine.open(url, options.authToken !== undefined ? { authToken: options.authToken } : {});
    case 'file':
      // A Windows drive letter ("C:\…") also lands here, as a path.
      return FileEngine.open(url, {
        ...(options.create !== undefined ? { create: options.create } : {}),
        ...(options.readonly !== undefined ? { readonly: options.readonly } : {}),
        ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
      });
  }
}
