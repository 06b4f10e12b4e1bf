// Lets the launcher scripts require the project's TypeScript (the embedded servers of
// libs/platform/src/local-servers) before any build: transpiled on load by swc with the options of
// jest.config.js, `@app/*` mapped to libs/*/src. Dev-only: a production image runs node dist/…/main.js.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const ALIAS = /^@app\/(contracts|platform|tenancy|testing|worker-sdk)(\/.*)?$/;
let registered = false;

function registerTypeScript() {
  if (registered) return;
  registered = true;
  const swc = require('@swc/core');
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, ...rest) {
    const match = ALIAS.exec(request);
    if (match) request = path.join(ROOT, 'libs', match[1], 'src', match[2] ?? '');
    return resolve.call(this, request, parent, ...rest);
  };
  require.extensions['.ts'] = (module, filename) => {
    const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
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

/** A module of the project, loaded from its TypeScript: `requireTs('libs/platform/src/local-servers')`. */
function requireTs(relativePath) {
  registerTypeScript();
  return require(path.join(ROOT, relativePath));
}

module.exports = { requireTs, ROOT };
