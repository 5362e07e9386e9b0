'use strict';
// Debian's chromium through playwright-core, and what every page visited
// is checked for: axe-core's WCAG 2.1 A and AA rules, no horizontal scroll
// at phone and desktop widths, no CSP or script errors; screenshots of the
// main pages; and a generic filler for the question forms.
const fs = require('fs');
const path = require('path');
const tap = require('./tap');

const CHROMIUM = process.env.DDD_CHROMIUM || '/usr/bin/chromium';
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// A package from node_modules of the source tree (also when run from a
// build tree), with a hint when `npm ci` was not run.
function resolveFrom(name) {
  const { SRCDIR } = require('./stack');
  try {
    // DDD_NODE_PATH: a tree with node_modules, for a build from the
    // release tarball (`make distcheck DDD_NODE_PATH=$PWD`).
    return require.resolve(name, {
      paths: [SRCDIR, __dirname, process.env.DDD_NODE_PATH].filter(Boolean) });
  } catch (e) {
    throw new Error(name + ' is not installed: run `npm ci` in ' + SRCDIR);
  }
}

function requireFrom(name) {
  return require(resolveFrom(name));
}

async function launch() {
  const { chromium } = requireFrom('playwright-core');
  if (!fs.existsSync(CHROMIUM))
    throw new Error(CHROMIUM + ' is missing: apt-get install chromium');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-default-apps',
      '--disable-sync'],
  });
}

function axeSource() {
  return fs.readFileSync(resolveFrom('axe-core/axe.min.js'), 'utf8');
}

class Checker {
  constructor(baseUrl, outDir) {
    this.base = baseUrl;
    this.out = outDir;
    this.axe = axeSource();
    this.shots = [];
    this.seq = 0;
    this.pages = 0;
    fs.mkdirSync(outDir, { recursive: true });
    for (const f of fs.readdirSync(outDir))
      if (/\.(png|pdf)$/.test(f))
        fs.rmSync(path.join(outDir, f), { force: true });
  }

  // A browser context for one person: phone or desktop; `javaScript:
  // false` for a browser without script (the pages must work the same).
  async person(browser, who, size, { javaScript = true } = {}) {
    const context = await browser.newContext({ viewport: size, locale: 'nl-NL',
      acceptDownloads: true, javaScriptEnabled: javaScript });
    context.setDefaultTimeout(20000);
    context.setDefaultNavigationTimeout(60000);
    const page = await context.newPage();
    page.ddd = { who, size, errors: [], status: 0, script: javaScript };
    page.on('console', (m) => {
      // A failed load is reported below with its address.
      if (m.type() === 'error' && !/^Failed to load resource/.test(m.text()))
        page.ddd.errors.push('console: ' + m.text());
    });
    page.on('pageerror', (e) => page.ddd.errors.push('script error: ' + e.message));
    page.on('response', (r) => {
      if (r.request().isNavigationRequest() && r.frame() === page.mainFrame())
        page.ddd.status = r.status();
      else if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico')
        page.ddd.errors.push('HTTP ' + r.status() + ' for ' + r.url());
    });
    page.on('requestfailed', (r) => {
      // The browser fetches the favicon for its own window after the
      // page loads and drops that fetch when the next page starts
      // (net::ERR_ABORTED): not a failure of the page.  Any other
      // failed request is.
      const err = (r.failure() || {}).errorText;
      if (err === 'net::ERR_ABORTED' && new URL(r.url()).pathname === '/static/favicon.svg')
        return;
      if (!r.isNavigationRequest())
        page.ddd.errors.push('failed: ' + r.url() + ' ' + err);
    });
    return page;
  }

  path(page) {
    const u = new URL(page.url());
    return u.pathname + (u.search ? u.search.replace(/t=[A-Za-z0-9_-]+/, 't=…') : '');
  }

  // Every check on the page as it is now.  `shot`: a name for the
  // screenshots (both widths), or nothing.
  async check(page, label, shot, { status = [200] } = {}) {
    this.pages++;
    const where = page.ddd.who + ' ' + label + ' (' + this.path(page) + ')';
    const errs = page.ddd.errors.splice(0);
    tap.ok(status.includes(page.ddd.status) && errs.length === 0,
      where + ': HTTP ' + page.ddd.status + ', no CSP or script errors',
      () => 'status ' + page.ddd.status + ' (want ' + status.join(' or ') + ')\n' + errs.join('\n'));
    // No emoji as an icon: without an emoji font (most Linux desktops,
    // this browser) it shows as an empty box.  Icons are inline SVG.
    const emoji = await page.evaluate(() => {
      const re = /[\p{Emoji_Presentation}\uFE0F]/u;
      const found = [];
      const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let t = w.nextNode(); t; t = w.nextNode())
        if (re.test(t.data))
          found.push(t.parentElement.tagName.toLowerCase() + ': ' + JSON.stringify(t.data.trim()));
      return found.slice(0, 10);
    });
    tap.ok(emoji.length === 0, where + ': no emoji in the page text (icons are SVG)',
      () => emoji.join('\n'));
    const native = page.ddd.size;
    const sizes = native.width === PHONE.width ? [PHONE, DESKTOP] : [DESKTOP, PHONE];
    let seqName = null;
    if (shot) {
      this.seq++;
      seqName = String(this.seq).padStart(2, '0') + '-' + shot;
    }
    for (const size of sizes) {
      if (page.viewportSize().width !== size.width)
        await page.setViewportSize(size);
      const scroll = await page.evaluate(() => {
        const d = document.documentElement;
        const wide = [];
        if (d.scrollWidth > d.clientWidth) {
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if ((r.right > d.clientWidth + 0.5 && r.width > 0) ||
                (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 &&
                 getComputedStyle(el).overflowX === 'visible'))
              wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                (el.className && typeof el.className === 'string'
                  ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
                ' right=' + Math.round(r.right) + ' width=' + Math.round(r.width) +
                ' content=' + el.scrollWidth);
          }
        }
        return { sw: d.scrollWidth, cw: d.clientWidth, wide: wide.slice(0, 12) };
      });
      tap.ok(scroll.sw <= scroll.cw,
        where + ': no horizontal scroll at ' + size.width + ' px',
        () => 'scrollWidth ' + scroll.sw + ' > clientWidth ' + scroll.cw +
          '; too wide:\n' + scroll.wide.join('\n'));
      if (!page.ddd.script)
        await this.axeWithoutScript(page, where, size);
      else
        await this.axeCheck(page, where, size);
      if (seqName) {
        const file = path.join(this.out, seqName + '-' + size.width + '.png');
        await page.screenshot({ path: file, fullPage: true });
        this.shots.push(file);
      }
    }
    if (page.viewportSize().width !== native.width)
      await page.setViewportSize(native);
  }

  // axe-core needs timers, which do not run in a page without script: the
  // page's document as that browser has it is served once more to a
  // browser with script, ddd.js held back (so nothing changes it), and
  // axe runs there, with our style sheet loaded as usual.
  async axeWithoutScript(page, where, size) {
    const html = await page.content();
    const url = page.url();
    const ctx = await page.context().browser().newContext({ viewport: size, locale: 'nl-NL' });
    try {
      await ctx.route('**/*', (r) => {
        const u = r.request().url();
        if (u === url)
          return r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
        if (new URL(u).pathname === '/static/ddd.js')
          return r.abort();
        return r.continue();
      });
      const twin = await ctx.newPage();
      await twin.goto(url);
      // The same document, not what the address gives without a session.
      if (twin.url() !== url || await twin.content() !== html)
        tap.ok(false, where + ': axe WCAG 2.1 A+AA at ' + size.width + ' px',
          () => 'the copy without script is not the page: ' + twin.url());
      else
        await this.axeCheck(twin, where, size);
    } finally {
      await ctx.close();
    }
  }

  async axeCheck(page, where, size) {
    const result = await this.runAxe(page);
    const lines = [];
    for (const v of result.violations) {
      for (const node of v.nodes) {
        lines.push(v.id + ' [' + (v.impact || '?') + '] ' + node.target.join(' ') +
          ' on ' + this.path(page) + '\n    ' + v.help +
          (node.failureSummary ? ' — ' + node.failureSummary.split('\n').slice(1, 3)
            .map((s) => s.trim()).join(' ') : ''));
      }
    }
    tap.ok(result.violations.length === 0,
      where + ': axe WCAG 2.1 A+AA at ' + size.width + ' px',
      () => lines.join('\n'));
  }

  async runAxe(page) {
    const has = await page.evaluate(() => typeof window.axe === 'object');
    if (!has)
      await page.evaluate(this.axe);   // not a script tag: the CSP stays on
    return page.evaluate((tags) => window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    }), AXE_TAGS);
  }
}

// Click something that loads a new page, and wait for it.
async function go(page, locator) {
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    locator.click(),
  ]);
}

// --- filling a question form generically ------------------------------

// The fields of a form, as the page shows them.
async function fields(form) {
  return form.evaluate((f) => {
    const labelOf = (el) => {
      if (el.id) {
        const l = f.ownerDocument.querySelector('label[for="' + el.id + '"]');
        if (l)
          return l.textContent.replace(/\s+/g, ' ').trim();
      }
      const fs = el.closest('fieldset');
      const lg = fs && fs.querySelector('legend');
      return lg ? lg.textContent.replace(/\s+/g, ' ').trim() : (el.name || '');
    };
    const out = [];
    for (const el of f.querySelectorAll('input, textarea, select')) {
      const type = el.tagName === 'INPUT' ? (el.getAttribute('type') || 'text').toLowerCase()
        : el.tagName.toLowerCase();
      // Not the ones out of sight: a conditional question whose
      // condition does not hold is on the page, hidden.
      if (['hidden', 'submit', 'button', 'file'].includes(type) || el.hidden ||
          el.closest('[hidden]'))
        continue;
      const fs = el.closest('fieldset');
      // Required: the attribute, or "(verplicht)" at the label (at the
      // legend for a radio or checkbox group).
      const lab = labelOf(el);
      const legend = fs && fs.querySelector('legend');
      const marked = (type === 'radio' || type === 'checkbox') && legend
        ? legend.textContent : lab;
      const required = el.required || el.getAttribute('aria-required') === 'true' ||
        (fs && fs.getAttribute('aria-required') === 'true') || /\(verplicht\)/.test(marked);
      out.push({
        required,
        id: el.id, name: el.name, type, value: el.value, checked: !!el.checked,
        disabled: el.disabled, readonly: el.readOnly === true,
        label: lab,
        group: fs ? (fs.querySelector('legend') || {}).textContent || '' : '',
        min: el.getAttribute('min'), max: el.getAttribute('max'),
        maxlength: el.getAttribute('maxlength') ? Number(el.getAttribute('maxlength')) : null,
        options: type === 'select' ? [...el.options].map((o) => o.value) : null,
      });
    }
    return out;
  });
}

function textFor(fl, n) {
  const key = (fl.name + ' ' + fl.label).toLowerCase();
  let v;
  if (/telefoon|mobiel/.test(key))
    v = '0612345678';
  else if (/e-?mail/.test(key))
    v = 'lotte.prive@example.org';
  else if (/postcode/.test(key))
    v = '2311 AB';
  else if (fl.type === 'textarea')
    v = 'Antwoord ' + n + ' bij "' + fl.label.slice(0, 40) +
      '": ik werk graag samen en vraag hulp als ik iets niet begrijp.';
  else
    v = 'Antwoord ' + n + ' ' + fl.label.replace(/\(.*?\)/g, '').trim().slice(0, 24);
  return fl.maxlength ? v.slice(0, fl.maxlength) : v;
}

// Fill every empty required field of the form (every empty one with
// `all`): text, number, date, textarea, select, radio and checkbox
// groups, through real fills and clicks.
// `prefer`: option values to pick when a select or group offers them.
// A field in `tried` (filled before: the server did not keep it) is left
// alone; the ones filled now are added.  Returns how many were filled.
async function fillEmpty(page, form, prefer = [], all = false, tried = new Set()) {
  const list = (await fields(form)).filter((fl) => (all || fl.required) &&
    !tried.has(fl.id) && !tried.has('group:' + fl.name));
  const byId = (id) => page.locator('[id="' + id + '"]');
  const groups = new Map();
  let filled = 0;
  for (const fl of list) {
    if (fl.disabled || fl.readonly)
      continue;
    if (fl.type === 'radio' || fl.type === 'checkbox') {
      if (!groups.has(fl.name))
        groups.set(fl.name, []);
      groups.get(fl.name).push(fl);
      continue;
    }
    if (fl.value !== '')
      continue;
    filled++;
    tried.add(fl.id);
    if (fl.type === 'select') {
      const vals = fl.options.filter((v) => v !== '');
      const v = vals.find((x) => prefer.includes(x)) || vals[0];
      await byId(fl.id).selectOption(v);
    } else if (fl.type === 'number') {
      let v = fl.min !== null ? Number(fl.min) : 1;
      if (fl.max !== null && v > Number(fl.max))
        v = Number(fl.max);
      await byId(fl.id).fill(String(v));
    } else if (fl.type === 'date') {
      await byId(fl.id).fill('2026-09-01');
    } else {
      await byId(fl.id).fill(textFor(fl, filled));
    }
  }
  for (const [, g] of groups) {
    if (g.some((x) => x.checked))
      continue;
    const pick = g.find((x) => prefer.includes(x.value)) || g[0];
    await byId(pick.id).check();
    tried.add('group:' + pick.name);
    filled++;
  }
  return filled;
}

// The step percentages shown in the navigation.
async function percentages(page) {
  return page.locator('nav ol.steps li').evaluateAll((lis) => lis.map((li) => ({
    step: li.querySelector('.step-name').textContent.trim(),
    percent: Number(li.querySelector('progress').getAttribute('value')),
  })));
}

// The text of the error summary, if any.
async function errorSummary(page) {
  const a = page.locator('.alert, .error-summary');
  if (await a.count() === 0)
    return '';
  return (await a.allInnerTexts()).join('\n');
}

// Run fn(page) at each viewport width (the page's height kept), then
// return to the width it had; the results by width.
async function atWidths(page, widths, fn) {
  const before = page.viewportSize();
  const out = {};
  for (const w of widths) {
    await page.setViewportSize({ width: w, height: before.height });
    out[w] = await fn(page);
  }
  await page.setViewportSize(before);
  return out;
}

module.exports = { launch, Checker, go, fields, fillEmpty, percentages, errorSummary,
  atWidths, PHONE, DESKTOP };
