import t from 'tap';
import { loopbackNodeConfig } from './nats-cluster.ts';

// The committed infra/nats-cluster configs are the template of the fault tests' cluster: they
// must stay rewritable to loopback (a setting the rewrite misses fails here, not in CI's faults).
const ports = { client: 14222, http: 18222, routes: [16221, 16222, 16223] };

for (const n of [1, 2, 3]) {
  t.test(`node-${n}.conf on loopback`, async (t) => {
    const conf = loopbackNodeConfig(n, ports, [2, 9]);
    const settings = conf.replace(/#.*$/gm, '');
    t.match(settings, `server_name: rcpx-nats-${n}`);
    t.match(settings, /^listen: 127\.0\.0\.1:14222$/m);
    t.match(settings, /^http: 127\.0\.0\.1:18222$/m);
    t.match(settings, new RegExp(`^\\s+listen: 127\\.0\\.0\\.1:${ports.routes[n - 1]}$`, 'm'));
    for (const p of ports.routes) t.match(settings, `nats-route://127.0.0.1:${p}`);
    t.notMatch(settings, /store_dir/, 'the store dir is given on the command line');
    t.notMatch(settings, /sync_interval/, 'dropped for nats-server 2.9');
    t.notMatch(settings, /0\.0\.0\.0|:\/\/nats-/);
    t.match(loopbackNodeConfig(n, ports, [2, 10]), /sync_interval/, 'kept from 2.10 on');
  });
}
