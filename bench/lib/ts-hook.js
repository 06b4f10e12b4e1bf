// Lets a bench process require the project's TypeScript (libs/worker-sdk) the way the tests run it:
// transpiled on load by swc with the same options as jest.config.js, `@app/*` mapped to libs/*/src.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const ALIAS = /^@app\/(contracts|platform|tenancy|testing|worker-sdk)(\/.*)?$/;

function register() {
  const swc = require('@swc/core');
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, ...rest) {
    const match = ALIAS.exec(request);
    if (match) request = path.join(ROOT, 'libs', match[1], 'src', match[2] ?? '');
    return resolve.call(this, request, parent, ...rest);
  };
  require.extensions['.ts'] = (module, filename) => {
    const source = fs.readFileSync(filename, 'utf8');
    const { code } = swc.transformSync(source, {
      filename,
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    });
    module._compile(code, filename);
  };
}

module.exports = { register, ROOT };
