import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { GatewayConfig } from '@rcpx/gateway';
import { BaseConfig, loadConfig } from '@rcpx/service-kit';
import { WebhooksConfig } from '@rcpx/webhooks';
import { AllInOneConfig } from './config.ts';

// .env.example lists every variable a service reads through its zod config, each with its
// default value (commented out unless the file sets it), so it is the one reference.

const ROOT = join(import.meta.dirname, '../../..');
const SCHEMAS = { AllInOneConfig, BaseConfig, GatewayConfig, WebhooksConfig };

const example = new Map<string, string>();
for (const line of readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n')) {
  const m = /^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
  if (m) example.set(m[1]!, m[2]!);
}

t.test('every service loads one of the configs checked here', async (t) => {
  for (const service of readdirSync(join(ROOT, 'services'))) {
    const main = join(ROOT, 'services', service, 'src', 'main.ts');
    const source = readFileSync(main, 'utf8');
    for (const [, name] of source.matchAll(/loadConfig\(\s*([A-Za-z]+)/g)) {
      t.ok(name! in SCHEMAS, `${service}: ${name} is checked by this test`);
    }
  }
});

t.test('.env.example lists every variable of every config, with its default', async (t) => {
  const defaults = loadConfig(AllInOneConfig, {}) as Record<string, unknown>;
  const names = new Set(Object.values(SCHEMAS).flatMap((schema) => Object.keys(schema.shape)));
  for (const name of names) t.ok(example.has(name), `${name} is in .env.example`);
  for (const [name, value] of example) {
    if (!(name in AllInOneConfig.shape)) continue; // npm start's own (RCPX_VAR_DIR, …)
    const parsed = loadConfig(AllInOneConfig, { [name]: value }) as Record<string, unknown>;
    t.same(parsed[name], defaults[name], `${name}=${value} is the default`);
  }
});
