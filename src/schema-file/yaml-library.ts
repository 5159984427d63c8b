/**
 * The `yaml` package, loaded on first use. A static import made every command pay for it at start-up
 * (25-40 ms), though only a command that reads or writes a YAML file needs it: `apply` or `status`
 * with flags and no liteform.yaml read none. `require` because the package is CommonJS: an `import`
 * would also run its ESM wrapper through the CommonJS export scanner.
 */
import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');

let library: Yaml | undefined;

export function yamlLibrary(): Yaml {
  return (library ??= createRequire(import.meta.url)('yaml') as Yaml);
}
