'use strict';
// The DDD stack for one test run: tests/lib/stack.py in a fresh temporary
// folder on a free port, and the mails its SMTP sink wrote (Maildir).
const { execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const SRCDIR = process.env.DDD_SRCDIR || path.resolve(__dirname, '..', '..', '..');
const BUILDDIR = process.env.DDD_BUILDDIR || SRCDIR;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

class Stack {
  constructor(dir, port) {
    this.dir = dir;
    this.port = port;
    this.url = 'http://127.0.0.1:' + port;
    this.config = path.join(dir, 'ddd.conf');
    this.maildir = path.join(dir, 'mail');
    this.smtpPort = null;
    this.seen = new Set();   // mail files already handed out
  }

  // opts.samlSp: the worker gets a SAML SP key and certificate from the
  // start (it reads them only then): sp.key, sp.crt in the stack folder.
  static async up(name, opts = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ddd-' + name + '-'));
    const st = new Stack(dir, await freePort());
    const out = st.stackPy('up', opts.samlSp ? ['--saml-sp'] : []);
    const m = /SMTP sink on 127\.0\.0\.1:(\d+)/.exec(out);
    if (m)
      st.smtpPort = Number(m[1]);
    else {
      try {
        st.smtpPort = Number(fs.readFileSync(path.join(dir, 'smtp.port'), 'utf8'));
      } catch (e) { /* mails are then only polled */ }
    }
    return st;
  }

  stackPy(cmd, more = []) {
    return execFileSync('/usr/bin/python3', [
      path.join(SRCDIR, 'tests', 'lib', 'stack.py'), cmd,
      '--dir', this.dir, '--port', String(this.port)].concat(more), {
      env: Object.assign({}, process.env, { DDD_SRCDIR: SRCDIR, DDD_BUILDDIR: BUILDDIR }),
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180000,
    });
  }

  down(remove) {
    try {
      this.stackPy('down');
    } catch (e) {
      process.stdout.write('# stack down: ' + String(e.message).split('\n')[0] + '\n');
    }
    if (remove)
      fs.rmSync(this.dir, { recursive: true, force: true });
  }

  log(name) {
    try {
      return fs.readFileSync(path.join(this.dir, name), 'utf8');
    } catch (e) {
      return '';
    }
  }

  // Send the outbox now rather than wait for ddd-mailer's next round.
  mailRun() {
    if (!this.smtpPort)
      return;
    try {
      execFileSync(path.join(BUILDDIR, 'dddctl'), ['-f', this.config, 'mail-run'], {
        env: Object.assign({}, process.env,
          { DDD_SMTP_URL: 'smtp://127.0.0.1:' + this.smtpPort }),
        stdio: 'ignore', timeout: 60000,
      });
    } catch (e) { /* ddd-mailer delivers it anyway */ }
  }

  // The next mail to `to` whose text matches `pattern` (a RegExp), as
  // { subject, text, file }; waits up to `seconds`.
  async waitForMail(to, pattern, seconds = 60) {
    const end = Date.now() + seconds * 1000;
    let ran = false;
    for (;;) {
      for (const sub of ['new', 'cur']) {
        const d = path.join(this.maildir, sub);
        let files = [];
        try {
          files = fs.readdirSync(d).sort();
        } catch (e) { /* not there yet */ }
        for (const f of files) {
          const file = path.join(d, f);
          if (this.seen.has(f))
            continue;
          const msg = parseMail(fs.readFileSync(file));
          const rcpt = (msg.headers['to'] || '') + ' ' + (msg.headers['x-rcptto'] || '');
          if (!rcpt.toLowerCase().includes(to.toLowerCase()))
            continue;
          if (pattern && !pattern.test(msg.text))
            continue;
          this.seen.add(f);
          return Object.assign(msg, { file });
        }
      }
      if (Date.now() > end)
        return null;
      if (!ran) {
        this.mailRun();
        ran = true;
        continue;
      }
      await sleep(250);
    }
  }
}

// --- a small MIME reader: headers, and the text of the text/plain parts.
function splitHead(buf) {
  const s = buf.toString('latin1');
  let i = s.indexOf('\r\n\r\n');
  let sep = 4;
  if (i < 0) {
    i = s.indexOf('\n\n');
    sep = 2;
  }
  if (i < 0)
    return { head: s, body: Buffer.alloc(0) };
  return { head: s.slice(0, i), body: buf.subarray(i + sep) };
}

function parseHeaders(head) {
  const h = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const c = line.indexOf(':');
    if (c > 0)
      h[line.slice(0, c).trim().toLowerCase()] = decodeWords(line.slice(c + 1).trim());
  }
  return h;
}

function decodeWords(v) {
  return v.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (all, cs, enc, data) => {
    try {
      const b = /b/i.test(enc) ? Buffer.from(data, 'base64')
        : qp(data.replace(/_/g, ' '));
      return b.toString(/utf-?8/i.test(cs) ? 'utf8' : 'latin1');
    } catch (e) {
      return all;
    }
  });
}

function qp(s) {
  const t = s.replace(/=\r?\n/g, '');
  const out = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(t.substr(i + 1, 2))) {
      out.push(parseInt(t.substr(i + 1, 2), 16));
      i += 2;
    } else {
      out.push(t.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(out);
}

function texts(buf, acc) {
  const { head, body } = splitHead(buf);
  const h = parseHeaders(head);
  const ct = h['content-type'] || 'text/plain';
  const bm = /boundary="?([^";]+)"?/i.exec(ct);
  if (/^multipart\//i.test(ct) && bm) {
    const b = '--' + bm[1];
    const parts = body.toString('latin1').split(b).slice(1);
    for (const p of parts) {
      if (p.startsWith('--'))
        break;
      texts(Buffer.from(p.replace(/^\r?\n/, ''), 'latin1'), acc);
    }
    return h;
  }
  if (/^text\/plain/i.test(ct)) {
    const enc = (h['content-transfer-encoding'] || '').toLowerCase();
    let raw = body;
    if (enc === 'quoted-printable')
      raw = qp(body.toString('latin1'));
    else if (enc === 'base64')
      raw = Buffer.from(body.toString('latin1'), 'base64');
    acc.push(raw.toString('utf8'));
  }
  return h;
}

function parseMail(buf) {
  const acc = [];
  const headers = texts(buf, acc);
  return { headers, subject: headers['subject'] || '', text: acc.join('\n') };
}

module.exports = { Stack, SRCDIR, BUILDDIR, sleep, parseMail };
