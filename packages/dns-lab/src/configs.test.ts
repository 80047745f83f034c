import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnsdistConf, rootHints, unboundConf } from './configs.js';
import { cleanLabFiles, LAB_FILES, resolveLabDir } from './lab.js';
import { allZones } from './scenarios.js';
import { namedConf, planServers } from './zones.js';

const run = promisify(execFile);
const has = (binary: string) => ['/usr/sbin', '/usr/bin'].some((d) => existsSync(join(d, binary)));

let dir = '';
beforeAll(async () => {
  // A space in the lab folder, as in a home folder called "My Files".
  dir = join(await mkdtemp(join(tmpdir(), 'dotvn-configs-')), 'lab with spaces');
  await mkdir(dir, { recursive: true });
});
afterAll(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

describe('generated configs in a folder whose path has spaces', () => {
  it.runIf(has('named-checkconf'))('named.conf passes named-checkconf', async () => {
    const conf = namedConf(planServers(allZones()), {
      directory: join(dir, 'bind'),
      pidFile: join(dir, 'named.pid'),
      zoneFile: (zone) => join(dir, 'zones', `${zone}.zone`),
    });
    await mkdir(join(dir, 'bind'), { recursive: true });
    await writeFile(join(dir, 'named.conf'), conf);
    await expect(run('named-checkconf', [join(dir, 'named.conf')])).resolves.toBeDefined();
  });

  it.runIf(has('unbound-checkconf'))('unbound.conf passes unbound-checkconf', async () => {
    const file = (name: string) => join(dir, name);
    await Promise.all(['root.anchor', 'server.key', 'server.pem'].map((f) => writeFile(file(f), '')));
    await writeFile(file('root.hints'), rootHints());
    const conf = unboundConf({
      directory: dir,
      logFile: file('unbound.log'),
      pidFile: file('unbound.pid'),
      rootHints: file('root.hints'),
      trustAnchor: file('root.anchor'),
      tlsKey: file('server.key'),
      tlsCert: file('server.pem'),
    });
    await writeFile(file('unbound.conf'), conf);
    const { stdout } = await run('unbound-checkconf', [file('unbound.conf')]);
    expect(stdout).toMatch(/no errors/);
  });

  it.runIf(has('dnsdist'))('dnsdist.conf passes dnsdist --check-config', async () => {
    await writeFile(
      join(dir, 'dnsdist.conf'),
      dnsdistConf({ tlsKey: join(dir, 'k.pem'), tlsCert: join(dir, 'c.pem') }),
    );
    const { stdout } = await run('dnsdist', ['--check-config', '-C', join(dir, 'dnsdist.conf')]);
    expect(stdout).toMatch(/OK/);
  });
});

describe('the lab folder', () => {
  it('is made absolute (Unbound changes into it) and refuses characters the configs cannot quote', () => {
    expect(resolveLabDir({ dir: 'relative/lab' })).toBe(join(process.cwd(), 'relative/lab'));
    expect(resolveLabDir({ dir: '/tmp/lab with spaces' })).toBe('/tmp/lab with spaces');
    // An empty DOTVN_LAB_DIR is unset, not the current folder.
    const saved = process.env.DOTVN_LAB_DIR;
    process.env.DOTVN_LAB_DIR = '';
    try {
      expect(resolveLabDir()).not.toBe(process.cwd());
      expect(resolveLabDir()).toMatch(/dotvn-lab$/);
    } finally {
      if (saved === undefined) delete process.env.DOTVN_LAB_DIR;
      else process.env.DOTVN_LAB_DIR = saved;
    }
    for (const bad of ["/tmp/it's", '/tmp/say "hi"', '/tmp/back\\slash', '/tmp/new\nline']) {
      expect(() => resolveLabDir({ dir: bad })).toThrow(/cannot hold/);
    }
  });

  it('loses only the files a start writes when the lab cleans it, never anything else', async () => {
    const shared = join(dir, 'shared');
    await mkdir(join(shared, 'zones'), { recursive: true });
    await mkdir(join(shared, 'cache'), { recursive: true });
    await Promise.all(
      ['named.conf', 'unbound.log', 'notes.txt', 'state.json', 'cache/keep'].map((f) =>
        writeFile(join(shared, f), ''),
      ),
    );
    await cleanLabFiles(shared);
    expect((await readdir(shared)).sort()).toEqual(['cache', 'notes.txt', 'state.json']);
    expect(LAB_FILES).not.toContain('cache');
  });
});
