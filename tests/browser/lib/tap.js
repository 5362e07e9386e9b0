'use strict';
// TAP output in the style of tests/lib/tap.py: "ok N - what" lines, a
// diagnostic under a failure, the plan "1..N" at the end.

let n = 0;
let failed = 0;

function diag(text) {
  for (const line of String(text).split('\n').slice(0, 60))
    process.stdout.write('#   ' + line + '\n');
}

function ok(cond, what, why) {
  n++;
  if (!cond)
    failed++;
  process.stdout.write((cond ? '' : 'not ') + 'ok ' + n + ' - ' +
    what.replace(/#/g, '\\#').replace(/\n/g, ' ') + '\n');
  if (!cond && why !== undefined && why !== null)
    diag(typeof why === 'function' ? why() : why);
  return !!cond;
}

function note(text) {
  for (const line of String(text).split('\n'))
    process.stdout.write('# ' + line + '\n');
}

function skip(what, why) {
  n++;
  process.stdout.write('ok ' + n + ' - ' + what + ' # SKIP ' + why + '\n');
}

function failures() {
  return failed;
}

// The plan; exit status 1 when anything failed.
function done(extraFailure) {
  process.stdout.write('1..' + n + '\n');
  return failed || extraFailure ? 1 : 0;
}

function bail(why) {
  failed++;
  process.stdout.write('Bail out! ' + String(why).split('\n')[0] + '\n');
}

module.exports = { ok, note, diag, skip, done, bail, failures };
