// Fresh Postgres databases for each system under test (ours and every Postgres peer get their own).
'use strict';
const { Client } = require('pg');

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

function urlFor(name) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin(work) {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createDatabase(name) {
  await withAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
  return urlFor(name);
}

async function dropDatabase(name) {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch(() => undefined);
}

/** Runs one statement on a short-lived connection to the given database. */
async function query(url, text, params = []) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function serverInfo() {
  return withAdmin(async (c) => {
    const version = (await c.query('SHOW server_version')).rows[0].server_version;
    const sync = (await c.query('SHOW synchronous_commit')).rows[0].synchronous_commit;
    const sharedBuffers = (await c.query('SHOW shared_buffers')).rows[0].shared_buffers;
    return { version, synchronous_commit: sync, shared_buffers: sharedBuffers };
  });
}

module.exports = { ADMIN_URL, urlFor, createDatabase, dropDatabase, query, serverInfo, Client };
