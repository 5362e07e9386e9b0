/* DDD: small improvements for pages that work without it.  Loaded with
 * <script src="/static/ddd.js" defer> from xslt/lib/layout.xsl; no inline
 * script anywhere (the CSP is default-src 'self').  Plain ES2017, no
 * libraries.  The server stays the authority: it decides again which
 * questions show, what is kept and what a step's percentage is.
 *
 * Conditional questions: a question's wrapper with data-show-if="ID" and
 * data-show-value="V" (xslt/lib/questions.xsl) shows while question ID of
 * the same form has the answer V (for a multi-choice: V is among the
 * chosen ones) and question ID shows itself; the server rendered it with
 * the hidden attribute when not.  Here it shows or hides as the user
 * answers, without a round trip.  The fields of a hidden question are
 * disabled, so they are not posted (the server would drop them anyway).
 * A question whose condition's question is not on this page (another
 * step) stays as the server rendered it.  Focus is not moved.
 *
 * Confirmations: a form, a submit button or a checkbox with
 * data-confirm="question" asks window.confirm(question) before the form
 * is sent (the form's own, the pressed button's, and each ticked
 * checkbox's, such as 'Dit bestand weghalen'); 'Annuleren' sends
 * nothing.  Without script the form is sent at once, as before. */
'use strict';

(function () {
  const OFF = 'data-ddd-off';   // a field this script disabled

  // The values question `name` has in the form, or null when it has no
  // field in this form.
  function answersOf(form, name) {
    let found = false;
    const out = [];
    for (const el of form.elements) {
      if (el.name !== name)
        continue;
      found = true;
      if (el.type === 'radio' || el.type === 'checkbox') {
        if (el.checked)
          out.push(el.value);
      } else if (el.tagName === 'SELECT') {
        for (const o of el.selectedOptions)
          out.push(o.value);
      } else if (el.value !== '') {
        out.push(el.value);
      }
    }
    return found ? out : null;
  }

  function fieldsOf(wrapper) {
    return wrapper.querySelectorAll('input, select, textarea, button');
  }

  function setShown(wrapper, show) {
    wrapper.hidden = !show;
    for (const el of fieldsOf(wrapper)) {
      if (!show && !el.disabled) {
        el.disabled = true;
        el.setAttribute(OFF, '');
      } else if (show && el.hasAttribute(OFF)) {
        el.disabled = false;
        el.removeAttribute(OFF);
      }
    }
  }

  // Every conditional question of the form, in document order: a
  // condition names an earlier question, so one pass settles chains.
  function updateForm(form) {
    for (const q of form.querySelectorAll('[data-show-if]')) {
      const name = q.getAttribute('data-show-if');
      const want = q.getAttribute('data-show-value');
      const vals = answersOf(form, name);
      if (vals === null)
        continue;
      let shownCond = false;
      for (const el of form.elements)
        if (el.name === name && el.closest('[hidden]') === null)
          shownCond = true;
      setShown(q, shownCond && vals.includes(want));
    }
  }

  function updateAll() {
    for (const form of document.forms)
      if (form.querySelector('[data-show-if]') !== null)
        updateForm(form);
  }

  document.addEventListener('change', (e) => {
    const form = e.target && e.target.form;
    if (form && form.querySelector('[data-show-if]') !== null)
      updateForm(form);
  });
  // Back and forward keep what was typed: follow it.
  window.addEventListener('pageshow', updateAll);
  updateAll();

  // --- confirmations --------------------------------------------------

  // The button that sent the form, for browsers without event.submitter.
  let pressed = null;
  document.addEventListener('click', (e) => {
    const b = e.target && e.target.closest ?
      e.target.closest('button, input[type="submit"], input[type="image"]') : null;
    pressed = b && b.form ? b : null;
  }, true);

  document.addEventListener('submit', (e) => {
    const form = e.target;
    const by = e.submitter !== undefined ? e.submitter : pressed;
    const asks = [];
    if (form.hasAttribute('data-confirm'))
      asks.push(form.getAttribute('data-confirm'));
    if (by && by.form === form && by.hasAttribute('data-confirm'))
      asks.push(by.getAttribute('data-confirm'));
    for (const el of form.querySelectorAll('input[type="checkbox"][data-confirm]'))
      if (el.checked && !el.disabled)
        asks.push(el.getAttribute('data-confirm'));
    pressed = null;
    for (const q of asks) {
      if (!window.confirm(q)) {
        e.preventDefault();
        return;
      }
    }
  });
}());
