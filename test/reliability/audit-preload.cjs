// Loaded into the language server with `node --require` by test/reliability/security.test.ts.
// Every attempt to reach the network beyond this machine, to start a process or to change the
// file system is refused (it throws), and every piece of code made from a string is noted; each
// is reported on standard error as one line `ANNALIST-AUDIT <kind> <detail>`, which the test
// collects.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const tls = require('node:tls');
const http = require('node:http');
const https = require('node:https');
const dns = require('node:dns');
const childProcess = require('node:child_process');

function report(kind, detail) {
  process.stderr.write(`ANNALIST-AUDIT ${kind} ${String(detail).replace(/\s+/g, ' ')}\n`);
}

function refuse(kind, detail) {
  report(kind, detail);
  const err = new Error(`refused by the test audit: ${kind} ${detail}`);
  err.code = 'EACCES';
  throw err;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/i;

function hostOf(args) {
  const [a, b] = args;
  if (a && typeof a === 'object') {
    if (a.path && !a.host && !a.port) return undefined; // a local socket (pipe), not the network
    return a.host ?? a.hostname ?? 'localhost';
  }
  if (typeof a === 'string' && !/^\d+$/.test(a)) return undefined; // a pipe path
  return typeof b === 'string' ? b : 'localhost';
}

function guardConnect(owner, name) {
  const original = owner[name];
  owner[name] = function (...args) {
    const host = hostOf(args);
    if (host !== undefined && !LOOPBACK.test(host)) refuse('network', `${name} ${host}`);
    return original.apply(this, args);
  };
}
guardConnect(net, 'connect');
guardConnect(net, 'createConnection');
guardConnect(net.Socket.prototype, 'connect');
guardConnect(tls, 'connect');

for (const mod of [http, https]) {
  for (const name of ['request', 'get']) {
    const original = mod[name];
    mod[name] = function (...args) {
      const target = args[0];
      const host = typeof target === 'string' || target instanceof URL ? new URL(String(target)).hostname : target?.hostname ?? target?.host ?? 'localhost';
      if (!LOOPBACK.test(host)) refuse('network', `${name} ${host}`);
      return original.apply(this, args);
    };
  }
}
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6']) {
  const original = dns[name];
  dns[name] = function (host, ...rest) {
    if (!LOOPBACK.test(String(host))) refuse('network', `dns.${name} ${host}`);
    return original.call(this, host, ...rest);
  };
}

for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  childProcess[name] = (...args) => refuse('process', `${name} ${args[0]}`);
}

// The file system: anything that creates, changes or removes a file or folder.
const WRITING = [
  'writeFile', 'appendFile', 'mkdir', 'mkdtemp', 'rename', 'unlink', 'rm', 'rmdir', 'copyFile', 'cp', 'symlink', 'link',
  'truncate', 'chmod', 'chown', 'utimes', 'lchown', 'lutimes',
];
const WRITE_FLAGS = /[wa+]/;
function guardFs(target, suffix, label) {
  for (const base of WRITING) {
    const name = `${base}${suffix}`;
    if (typeof target[name] !== 'function') continue;
    target[name] = (...args) => refuse('write', `${label}${name} ${args[0]}`);
  }
  for (const name of [`open${suffix}`]) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = function (file, flags, ...rest) {
      if (typeof flags === 'string' && WRITE_FLAGS.test(flags)) refuse('write', `${label}${name} ${file} ${flags}`);
      if (typeof flags === 'number' && (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_APPEND))) refuse('write', `${label}${name} ${file} ${flags}`);
      return original.call(this, file, flags, ...rest);
    };
  }
}
guardFs(fs, '', 'fs.');
guardFs(fs, 'Sync', 'fs.');
guardFs(fs.promises, '', 'fs.promises.');
fs.createWriteStream = (file) => refuse('write', `fs.createWriteStream ${file}`);

// Code made from strings: allowed only as the server's own fixed code (the knowledge-base
// schema's validator, compiled once at start). Each piece is reported by a hash of its source,
// so that the test can check it is the same whatever the workspace holds.
const { createHash } = require('node:crypto');
const vm = require('node:vm');
const hash = (source) => createHash('sha1').update(String(source)).digest('hex').slice(0, 12);
const OriginalFunction = Function;
globalThis.Function = new Proxy(OriginalFunction, {
  construct(target, args, newTarget) {
    report('code', `Function ${hash(args.join('\u0000'))}`);
    return Reflect.construct(target, args, newTarget === globalThis.Function ? target : newTarget);
  },
  apply(target, thisArg, args) {
    report('code', `Function ${hash(args.join('\u0000'))}`);
    return Reflect.apply(target, thisArg, args);
  },
});
const originalEval = globalThis.eval;
globalThis.eval = (source) => {
  report('code', `eval ${hash(source)}`);
  return originalEval(source);
};
for (const name of ['runInThisContext', 'runInNewContext', 'runInContext', 'compileFunction']) {
  const original = vm[name];
  vm[name] = function (source, ...rest) {
    report('code', `vm.${name} ${hash(source)}`);
    return original.call(this, source, ...rest);
  };
}
const OriginalScript = vm.Script;
vm.Script = class extends OriginalScript {
  constructor(source, ...rest) {
    report('code', `vm.Script ${hash(source)}`);
    super(source, ...rest);
  }
};

report('ready', process.pid);
