/* Centro de Cómputo ITL: progressive enhancement for the web form.
 * Without this file everything still works (plain POST, server-rendered errors).
 * With it: checks that mirror the database's rules (data-rule-* attributes rendered
 * by the server), dependent lists campus -> location -> equipment, a submit that
 * cannot be sent twice and is checked by the database (/api/revisar) before the photos
 * leave the browser, the print button and the status-page code from the QR link. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  /* Same shape app.validate_ticket accepts; the institutional domain is checked by the server. */
  var EMAIL = /^[A-Za-z0-9_+\-]+(\.[A-Za-z0-9_+\-]+)*@[A-Za-z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?\.[A-Za-z0-9.\-]*[A-Za-z0-9]$/;

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function value(el) { return el ? (el.value || "").trim() : ""; }

  /* ---- field errors (same markup as the server's) ---- */
  function clearError(field) {
    var id = "err-" + field.name;
    var old = document.getElementById(id);
    if (old) { old.parentNode.removeChild(old); }
    field.removeAttribute("aria-invalid");
    var ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (x) { return x && x !== id; });
    if (ids.length) { field.setAttribute("aria-describedby", ids.join(" ")); } else { field.removeAttribute("aria-describedby"); }
  }

  function showError(field, text) {
    var id = "err-" + field.name;
    var p = document.createElement("p");
    p.className = "field-error";
    p.id = id;
    var sr = document.createElement("span");
    sr.className = "sr-only";
    sr.textContent = "Error: ";
    p.appendChild(sr);
    p.appendChild(document.createTextNode(text));
    field.closest(".field").appendChild(p);
    field.setAttribute("aria-invalid", "true");
    var ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    ids.push(id);
    field.setAttribute("aria-describedby", ids.join(" "));
  }

  function showSummary(problems) {
    var box = $("#resumen-errores");
    if (!box) { return; }
    var list = $("ul", box);
    list.textContent = "";
    problems.forEach(function (pr) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + pr.field.id;
      a.textContent = pr.text;
      a.addEventListener("click", function (ev) { ev.preventDefault(); pr.field.focus(); });
      li.appendChild(a);
      list.appendChild(li);
    });
    box.hidden = false;
    box.focus();
  }

  /* ---- rules: data-rule-<name> + data-msg-<name> on each field ---- */
  /* required-when / allowed-when: comma-separated requester_type ids (webform.list_field_rules) */
  function typeIn(form, list) {
    var sel = form.elements.requester_type_id;
    return !!sel && sel.value !== "" && list.split(",").indexOf(sel.value) >= 0;
  }

  function typeChosen(form) {
    var sel = form.elements.requester_type_id;
    return !!sel && sel.value !== "";
  }

  function needsEquipment(form) {
    var sel = form.elements.category_id;
    var opt = sel && sel.options[sel.selectedIndex];
    return !!opt && (opt.getAttribute("data-detail") === "needs_equipment");
  }

  /* Same rule as app.validate_ticket: digits, spaces, + ( ) . - and an optional "ext". */
  function phoneOk(v) {
    if (v.length < 7 || v.length > 40) { return false; }
    var rest = v.toLowerCase().replace(/ext\.?/g, " ");
    if (/[^0-9 +().\-]/.test(rest)) { return false; }
    return /[0-9]{4}/.test(rest.replace(/[ +().\-]/g, ""));
  }

  function checkField(form, field) {
    var v = value(field);
    var d = field.dataset;
    if ("ruleRequired" in d && !v) { return d.msgRequired; }
    if ("ruleRequiredWhen" in d && !v && typeIn(form, d.ruleRequiredWhen)) { return d.msgRequiredWhen; }
    if ("ruleAllowedWhen" in d && v && typeChosen(form) && !typeIn(form, d.ruleAllowedWhen)) {
      return d.msgAllowedWhen;
    }
    if ("ruleOneOf" in d && !v && !value(form.elements[d.ruleOneOf])) { return d.msgOneOf; }
    if ("ruleRequiredIfEquipment" in d && !v && needsEquipment(form) && !value(form.elements.equipment_id)) {
      return d.msgRequiredIfEquipment;
    }
    if (!v) { return null; }
    if (d.ruleMinlength && v.length < +d.ruleMinlength) { return d.msgMinlength; }
    if (d.ruleMaxlength && v.length > +d.ruleMaxlength) { return d.msgMaxlength; }
    if ("ruleEmail" in d && !EMAIL.test(v)) { return d.msgEmail; }
    if ("rulePhone" in d && !phoneOk(v)) { return d.msgPhone; }
    if (d.rulePattern && !new RegExp("^(?:" + d.rulePattern.replace(/^\^|\$$/g, "") + ")$").test(v)) {
      return d.msgPattern;
    }
    return null;
  }

  function checkImages(form) {
    var input = form.elements.imagenes;
    if (!input || !input.files) { return null; }
    var max = +form.dataset.maxImages, maxBytes = +form.dataset.maxUploadBytes;
    var types = (form.dataset.imageTypes || "").split(",");
    if (input.files.length > max) { return input.dataset.msgTooMany; }
    for (var i = 0; i < input.files.length; i++) {
      var f = input.files[i];
      if (types.indexOf(f.type) < 0) { return "«" + f.name + "»: " + input.dataset.msgType; }
      if (f.size > maxBytes) { return "«" + f.name + "»: " + input.dataset.msgSize; }
    }
    return null;
  }

  function validate(form) {
    var problems = [];
    $all("[data-rule-required], [data-rule-maxlength], [data-rule-minlength], [data-rule-pattern], " +
         "[data-rule-email], [data-rule-phone], [data-rule-one-of], [data-rule-required-when], " +
         "[data-rule-allowed-when], " +
         "[data-rule-required-if-equipment]", form)
      .forEach(function (field) {
        clearError(field);
        var text = checkField(form, field);
        if (text) { problems.push({ field: field, text: text }); showError(field, text); }
      });
    var img = form.elements.imagenes;
    if (img) {
      clearError(img);
      var t = checkImages(form);
      if (t) { problems.push({ field: img, text: t }); showError(img, t); }
    }
    return problems;
  }

  /* ---- dependent lists ---- */
  function fill(select, items, placeholder, selected) {
    select.textContent = "";
    var first = document.createElement("option");
    first.value = "";
    first.textContent = placeholder;
    select.appendChild(first);
    items.forEach(function (it) {
      var o = document.createElement("option");
      o.value = String(it.id);
      o.textContent = it.label || it.name;
      if (String(it.id) === selected) { o.selected = true; }
      select.appendChild(o);
    });
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); });
  }

  function setupDependentLists(form) {
    var campus = form.elements.campus_id, loc = form.elements.location_id, eq = form.elements.equipment_id;
    if (!campus || !loc || !eq) { return; }
    campus.addEventListener("change", function () {
      var c = campus.value;
      fill(eq, [], "— Elija primero el lugar (o escriba los datos abajo) —", "");
      if (!c) { fill(loc, [], "— Elija primero el campus —", ""); return; }
      loc.disabled = true;
      getJSON("/api/ubicaciones?campus=" + encodeURIComponent(c))
        .then(function (data) { fill(loc, data.items, "— Elija el lugar —", ""); })
        .catch(function () { /* keep the server-rendered list */ })
        .then(function () { loc.disabled = false; });
    });
    loc.addEventListener("change", function () {
      var l = loc.value;
      if (!l) { fill(eq, [], "— Elija primero el lugar (o escriba los datos abajo) —", ""); return; }
      getJSON("/api/equipos?ubicacion=" + encodeURIComponent(l))
        .then(function (data) {
          eq._items = data.items;
          fill(eq, data.items, data.items.length ? "— No está en la lista / no aplica —"
            : "— No hay equipos registrados aquí (escriba los datos abajo) —", "");
        })
        .catch(function () {});
    });
    eq.addEventListener("change", function () {
      var items = eq._items || [];
      var chosen = items.filter(function (it) { return String(it.id) === eq.value; })[0];
      if (!chosen) { return; }
      var tag = form.elements.equipment_tag, serial = form.elements.equipment_serial, brand = form.elements.equipment_brand;
      if (tag) { tag.value = chosen.tag || ""; }
      if (serial && chosen.serial) { serial.value = chosen.serial; }
      if (brand && chosen.brand) { brand.value = chosen.brand; }
    });
  }

  /* A field allowed only for some requester types (the control number: alumnos) is disabled
     for the others, so it is never sent by mistake; without JavaScript the server explains. */
  function setupAllowedWhen(form) {
    var sel = form.elements.requester_type_id;
    if (!sel) { return; }
    function apply() {
      $all("[data-rule-allowed-when]", form).forEach(function (field) {
        var off = typeChosen(form) && !typeIn(form, field.dataset.ruleAllowedWhen) && !value(field);
        field.disabled = off;
        if (off) { clearError(field); }
      });
    }
    sel.addEventListener("change", apply);
    apply();
  }

  /* ---- known failures (issue 18): the notice as soon as campus, place and category are picked ---- */
  function setupKnownFailure(form) {
    var box = $("#aviso-falla", form), hidden = $("#f-incidente", form);
    var desc = form.elements.description;
    if (!box || !hidden || !window.fetch) { return function () { return true; }; }
    var current = null;  /* the notice shown: {incident_id, heading, body, ...} */

    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) { e.className = cls; }
      if (text) { e.textContent = text; }
      return e;
    }
    function choose(id, body) {
      hidden.value = String(id);
      if (desc && value(desc).length < 10) {
        desc.value = "Yo también tengo esta falla: " + (body || "");
        clearError(desc);
      }
    }
    function button(label, primary, onClick) {
      var b = el("button", "button" + (primary ? " primary" : ""), label);
      b.type = "button";
      b.addEventListener("click", onClick);
      return b;
    }
    function show(notice) {
      current = notice;
      box.innerHTML = "";
      box.hidden = false;
      box.classList.toggle("chosen", hidden.value === String(notice.incident_id));
      box.setAttribute("data-incidente", String(notice.incident_id));
      var h = el("h2", "", notice.heading);
      h.id = "aviso-falla-titulo";
      box.appendChild(h);
      box.appendChild(el("p", "", notice.body + " " + notice.attending));
      if (notice.count) { box.appendChild(el("p", "small", notice.count)); }
      if (hidden.value === String(notice.incident_id)) {
        box.appendChild(el("p", "notice-ok", "Eligió «Yo también tengo esta falla»: complete sus datos y envíe; " +
          "su solicitud quedará unida a esta falla y verá sus avisos al consultarla."));
        box.appendChild(button("Mi problema es otro", false, function () { hidden.value = "otro"; box.hidden = true; }));
        return;
      }
      box.appendChild(el("p", "", "¿Es lo mismo que le pasa a usted? Si elige «Yo también» recibirá de todos modos " +
        "su folio y su código, y verá los avisos de esta falla al consultar su solicitud."));
      var row = el("div", "choice-buttons");
      row.appendChild(button("Yo también tengo esta falla", true, function () {
        choose(notice.incident_id, notice.body);
        show(notice);
        var next = form.elements.requester_name;
        if (next && !value(next)) { next.focus(); } else if (desc) { desc.focus(); }
      }));
      row.appendChild(button("Mi problema es otro", false, function () {
        hidden.value = "otro";
        box.hidden = true;
        if (desc) { desc.focus(); }
      }));
      box.appendChild(row);
    }
    function check() {
      var campus = value(form.elements.campus_id), loc = value(form.elements.location_id);
      var cat = value(form.elements.category_id);
      if (!campus || !loc || !cat) { return; }
      getJSON("/api/aviso?campus=" + encodeURIComponent(campus) + "&ubicacion=" + encodeURIComponent(loc) +
              "&categoria=" + encodeURIComponent(cat))
        .then(function (data) {
          var n = data && data.notice;
          if (!n) {
            current = null;
            box.hidden = true;
            if (/^\d+$/.test(hidden.value)) { hidden.value = ""; }
            return;
          }
          if (hidden.value === "otro" && current && current.incident_id === n.incident_id) { return; }
          if (hidden.value !== String(n.incident_id)) { hidden.value = ""; }
          show(n);
        })
        .catch(function () { /* no notice: the server still shows it on the review step */ });
    }
    ["campus_id", "location_id", "category_id"].forEach(function (name) {
      var f = form.elements[name];
      if (f) { f.addEventListener("change", check); }
    });
    /* Server-rendered choice buttons (review step): record the choice before the submit. */
    $all("[data-incidente-choice]", form).forEach(function (b) {
      b.addEventListener("click", function () {
        var text = $("p", box);
        if (b.value === "otro") { hidden.value = "otro"; } else { choose(b.value, text ? text.textContent : ""); }
      });
    });
    if (box.hidden) { check(); }
    /* Before sending: a notice on screen needs an answer (else the server would ask again and
       the attached photos would have to be chosen again). */
    return function ready() {
      if (box.hidden || hidden.value) { return true; }
      box.setAttribute("tabindex", "-1");
      box.focus();
      showSummary([{ field: box.querySelector("button") || box,
                     text: "Antes de enviar, elija «Yo también tengo esta falla» o «Mi problema es otro»." }]);
      return false;
    };
  }

  /* ---- the submission form ---- */
  function setupForm(form) {
    var button = $("#enviar", form);
    setupDependentLists(form);
    setupAllowedWhen(form);
    var knownFailureReady = setupKnownFailure(form);
    $all("input, select, textarea", form).forEach(function (field) {
      field.addEventListener("change", function () {
        if (field.getAttribute("aria-invalid") === "true") {
          clearError(field);
          var t = field.name === "imagenes" ? checkImages(form) : checkField(form, field);
          if (t) { showError(field, t); }
        }
      });
    });
    function busy(on) {
      if (!button) { return; }
      button.disabled = on;
      if (on) { button.setAttribute("aria-disabled", "true"); } else { button.removeAttribute("aria-disabled"); }
      button.textContent = on ? (button.dataset.sending || "Enviando…") : "Enviar solicitud";
    }
    form.addEventListener("submit", function (ev) {
      if (form.dataset.sent === "1") { ev.preventDefault(); return; }
      if (!knownFailureReady()) { ev.preventDefault(); return; }
      var problems = validate(form);
      if (problems.length) { ev.preventDefault(); showSummary(problems); return; }
      form.dataset.sent = "1";
      busy(true);
      if (!window.fetch || !window.FormData || form.dataset.checked === "1") { return; }
      /* Ask the database (webform.check_ticket) before the photos leave the browser: a refusal
         then keeps the attached files in the field instead of losing them with the page. */
      ev.preventDefault();
      var data = new FormData(form);
      data.delete("imagenes");
      fetch("/api/revisar", { method: "POST", body: data, credentials: "same-origin",
                              headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (res) {
          if (res.ok) { form.dataset.checked = "1"; HTMLFormElement.prototype.submit.call(form); return; }
          form.dataset.sent = "";
          busy(false);
          var shown = [];
          (res.errors || []).forEach(function (e) {
            var field = e.field ? form.elements[e.field] : null;
            if (field && field.closest && field.closest(".field")) {
              clearError(field);
              showError(field, e.message);
              shown.push({ field: field, text: e.message });
            } else {
              shown.push({ field: button, text: e.message });
            }
          });
          showSummary(shown);
        })
        .catch(function () {  /* no answer: send the form as it is (the server checks everything) */
          form.dataset.checked = "1";
          HTMLFormElement.prototype.submit.call(form);
        });
    });
    /* Back button (page from the bfcache): allow a new submission of the same form. */
    window.addEventListener("pageshow", function (ev) {
      if (ev.persisted && button) {
        form.dataset.sent = "";
        form.dataset.checked = "";
        busy(false);
      }
    });
  }

  /* ---- character counters (no silent cut) ---- */
  function num(x) { return x.toLocaleString("es-MX"); }

  function setupCounters() {
    $all("textarea[data-counter]").forEach(function (area) {
      var out = document.getElementById("cuenta-" + area.id);
      var max = out ? +out.getAttribute("data-max") : 0;
      if (!max) { return; }
      out.setAttribute("aria-live", "polite");
      var timer = null;
      function update() {
        var n = area.value.trim().length;
        var over = n > max;
        out.textContent = num(n) + " de " + num(max) + " caracteres" + (over ? ": sobran " + num(n - max) + "." : ".");
        out.classList.toggle("over", over);
      }
      update();
      area.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(update, 400);
      });
    });
  }

  /* ---- in the portal's frame: our height, only to ITL_PORTAL_ORIGINS (docs/readme/web.md) ---- */
  function setupPortal() {
    var origins = (document.documentElement.getAttribute("data-portal") || "").split(" ").filter(Boolean);
    if (!origins.length || window.parent === window) { return; }
    var last = -1, fresh = true;
    function send() {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === last) { return; }
      last = height;
      origins.forEach(function (origin) {
        window.parent.postMessage({ tipo: "itl-soporte-altura", altura: height, nueva: fresh }, origin);
      });
      fresh = false;
    }
    send();
    if (window.ResizeObserver) { new ResizeObserver(send).observe(document.body); }
    window.addEventListener("load", send);
  }

  /* ---- a cross-site frame keeps no cookie: offer a new tab (pages.py) ---- */
  function cookiesWork() {
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = "itl_marco=1; path=/; SameSite=Lax" + secure;
    var ok = document.cookie.indexOf("itl_marco=1") >= 0;
    document.cookie = "itl_marco=; path=/; max-age=0; SameSite=Lax" + secure;
    return ok;
  }

  function setupFrameCookies() {
    var block = $("#abrir-aparte");
    if (!block || !block.hidden || window.parent === window || cookiesWork()) { return; }
    $all("main > *").forEach(function (el) { if (el !== block) { el.hidden = true; } });
    block.hidden = false;
  }

  function init() {
    setupFrameCookies();
    setupPortal();
    setupCounters();
    var form = $("#solicitud");
    if (form) { setupForm(form); }
    var summary = $("#resumen-errores");
    if (summary && !summary.hidden) { summary.focus(); }
    var print = $("#imprimir-ahora");  /* the printable receipt page: the plain link brought us here */
    if (print) { print.addEventListener("click", function () { window.print(); }); }
    var code = $("#f-access_code");
    var m = /(?:^#|&)codigo=([^&]+)/.exec(window.location.hash || "");
    if (code && m && !code.value) {
      code.value = decodeURIComponent(m[1]);
      if (history.replaceState) { history.replaceState(null, "", window.location.pathname + window.location.search); }
    }
    var consulta = $("#consulta");
    if (consulta) {
      consulta.addEventListener("submit", function (ev) {
        if (consulta.dataset.sent === "1") { ev.preventDefault(); return; }
        consulta.dataset.sent = "1";
      });
    }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
