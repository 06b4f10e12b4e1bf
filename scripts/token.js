#!/usr/bin/env node
// `npm run token -- --user 1:martin --brand 9:Humari:admin [--brand 10:Other:viewer] [--ttl 86400]`
// Prints a development JWT signed with JWT_SECRET (or the development secret outside production).
'use strict';
const jwt = require('jsonwebtoken');

// Must equal DEV_JWT_SECRET in apps/gateway/src/config.ts (a unit test checks it).
const DEV_JWT_SECRET = 'megahub-dev-secret-do-not-use-in-production';

function parseArgs(argv) {
  const args = { brands: [], ttl: 24 * 3600 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--user') {
      const [id, username] = value.split(':');
      args.sub = String(Number(id));
      args.username = username;
      i++;
    } else if (flag === '--brand') {
      const [id, name, role = 'admin'] = value.split(':');
      args.brands.push({ id: Number(id), name, role });
      i++;
    } else if (flag === '--ttl') {
      args.ttl = Number(value);
      i++;
    } else {
      throw new Error(`unknown argument ${flag}`);
    }
  }
  if (!args.sub || !args.username) args.sub = '1', (args.username = 'martin');
  if (args.brands.length === 0) args.brands.push({ id: 9, name: 'Humari', role: 'admin' });
  return args;
}

try {
  const args = parseArgs(process.argv.slice(2));
  const secret = process.env.JWT_SECRET || (process.env.NODE_ENV === 'production' ? '' : DEV_JWT_SECRET);
  if (!secret) throw new Error('JWT_SECRET is required in production');
  const claims = { sub: args.sub, username: args.username, brands: args.brands };
  const options = { algorithm: 'HS256', expiresIn: args.ttl };
  if (process.env.JWT_ISSUER) options.issuer = process.env.JWT_ISSUER;
  if (process.env.JWT_AUDIENCE) options.audience = process.env.JWT_AUDIENCE;
  process.stdout.write(`${jwt.sign(claims, secret, options)}\n`);
} catch (error) {
  process.stderr.write(`${error.message}\nusage: npm run token -- --user 1:martin --brand 9:Humari:admin\n`);
  process.exit(2);
}
