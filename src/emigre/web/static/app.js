/* emigre web app: a little progressive enhancement. Every page works without it.
   No third-party code; talks only to this server. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  /* --- the import form: the chosen file's name in the page's language, not the browser's --- */
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!input || input.id !== "import-file") return;
    var shown = input.form && input.form.querySelector(".file-name");
    if (shown) shown.textContent = input.files && input.files.length ? input.files[0].name : shown.dataset.none;
  });

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  /* --- questionnaire: one page at a time, each checked by the server before moving on --- */
  function questionnaire(form) {
    var steps = $$(".q-step", form);
    var stepper = $$("#stepper li");
    var back = $("#q-back"), next = $("#q-next"), submit = $("#q-submit");
    var current = Number(($("#stepper") || {}).dataset ? $("#stepper").dataset.start : 0) || 0;

    // extra (empty) rows stay hidden until asked for
    $$(".extra-row", form).forEach(function (row) { row.hidden = true; });
    $$(".add-row", form).forEach(function (btn) {
      btn.hidden = false;
      btn.addEventListener("click", function () {
        var box = btn.closest("fieldset");
        var row = $(".extra-row[hidden]", box);
        if (row) { row.hidden = false; var f = $("input, select", row); if (f) f.focus(); }
        if (!$(".extra-row[hidden]", box)) btn.hidden = true;
      });
    });

    /* a choice longer than its box (a phone, a long Russian answer) is cut without a sign:
       its whole text goes under the box */
    var ruler = document.createElement("canvas").getContext("2d");
    function fit(select) {
      var full = select.parentNode.querySelector(".choice-full");
      var opt = select.options[select.selectedIndex];
      var css = getComputedStyle(select);
      var room = select.clientWidth - parseFloat(css.paddingLeft) - parseFloat(css.paddingRight) - 20;
      ruler.font = css.fontWeight + " " + css.fontSize + " " + css.fontFamily;
      var cut = opt && select.clientWidth > 0 && ruler.measureText(opt.text).width > room;
      if (cut && !full) {
        full = document.createElement("p");
        full.className = "hint choice-full";
        select.insertAdjacentElement("afterend", full);
      }
      if (full) { full.hidden = !cut; full.textContent = cut ? opt.text : ""; }
    }
    function fitStep() { $$("select", steps[current]).forEach(fit); }
    form.addEventListener("change", function (e) { if (e.target.tagName === "SELECT") fit(e.target); });
    window.addEventListener("resize", fitStep);

    function show(i) {
      current = Math.max(0, Math.min(i, steps.length - 1));
      steps.forEach(function (s, j) { s.hidden = j !== current; });
      fitStep();
      stepper.forEach(function (li, j) {
        li.classList.toggle("current", j === current);
        li.classList.toggle("done", j < current);
        if (j === current) li.setAttribute("aria-current", "step"); else li.removeAttribute("aria-current");
      });
      back.hidden = current === 0;
      next.hidden = current === steps.length - 1;
      submit.hidden = current !== steps.length - 1;
    }

    function showErrors(errors, scope) {
      $$("[data-error-for]", scope).forEach(function (p) {
        var msg = errors[p.dataset.errorFor];
        p.textContent = msg || "";
        p.hidden = !msg;
        var field = scope.querySelector('[name="' + p.dataset.errorFor + '"]');
        if (field) { if (msg) field.setAttribute("aria-invalid", "true"); else field.removeAttribute("aria-invalid"); }
      });
      return $$("[data-error-for]:not([hidden])", scope);
    }

    next.addEventListener("click", function () {
      next.disabled = true;
      fetch("/profile/check", { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          var shown = showErrors(data.errors || {}, steps[current]);
          if (shown.length) {
            var f = steps[current].querySelector('[name="' + shown[0].dataset.errorFor + '"]');
            (f || shown[0]).focus && (f || shown[0]).focus();
          } else {
            show(current + 1);
            var first = $("input, select", steps[current]);
            if (first) first.focus();
          }
        })
        .catch(function () { show(current + 1); })
        .finally(function () { next.disabled = false; });
    });
    back.addEventListener("click", function () { show(current - 1); });
    // Enter in a field moves to the next page (checked first) instead of saving a half-done profile
    form.addEventListener("keydown", function (e) {
      var t = e.target;
      if (e.key !== "Enter" || e.isComposing || !t || t.tagName === "TEXTAREA" || t.tagName === "BUTTON" || t.type === "submit") return;
      e.preventDefault();
      if (current < steps.length - 1) next.click();
    });
    show(current);
  }

  /* --- results: filters and sorting in place (no reload on an arrow key); at most three to compare --- */
  function results() {
    var filters = $("#filters");
    if (filters) {
      var rows = $$("tr.route-row");
      var count = $("#shown-count");
      var sorter = $("#sort");
      $("#filter-button").hidden = true;
      var apply = function () {
        var want = {};
        $$("select.live-filter", filters).forEach(function (s) { want[s.dataset.attr] = s.value; });
        var shown = 0;
        rows.forEach(function (r) {
          var ok = Object.keys(want).every(function (k) { return !want[k] || r.dataset[k] === want[k]; });
          r.hidden = !ok;
          if (ok) shown++;
        });
        $$(".route-group").forEach(function (g) { g.hidden = !$("tr.route-row:not([hidden])", g); });
        $("#no-match").hidden = shown > 0;
        if (count) count.textContent = count.dataset.template.replace("{shown}", String(shown));
        var params = new URLSearchParams(new FormData(filters));
        Array.from(params.keys()).forEach(function (k) { if (!params.get(k)) params.delete(k); });
        var q = params.toString();
        history.replaceState(null, "", location.pathname + (q ? "?" + q : ""));
      };
      var order = function () {
        var key = sorter.value;
        $$(".route-group tbody").forEach(function (tbody) {
          var list = $$("tr.route-row", tbody);
          list.sort(function (a, b) {
            var va = key === "rank" ? a.dataset.order : a.dataset[key], vb = key === "rank" ? b.dataset.order : b.dataset[key];
            if (key === "rank") return Number(va) - Number(vb);
            if (!va && !vb) return Number(a.dataset.order) - Number(b.dataset.order);
            if (!va) return 1;
            if (!vb) return -1;
            var c = key === "arrival" ? (va < vb ? -1 : va > vb ? 1 : 0) : Number(va) - Number(vb);
            return c || Number(a.dataset.order) - Number(b.dataset.order);
          });
          list.forEach(function (r) { tbody.appendChild(r); });
        });
        var note = $("#order-note");
        if (note && sorter.selectedOptions[0]) note.textContent = sorter.selectedOptions[0].dataset.help || note.textContent;
        apply();
      };
      $$("select.live-filter", filters).forEach(function (s) { s.addEventListener("change", apply); });
      if (sorter) sorter.addEventListener("change", order);
      filters.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    }
    var form = $("#compare-form");
    if (!form) return;
    var button = $("#compare-button");
    var status = $("#compare-status");
    var hint = status ? status.textContent : "";
    function update() {
      var n = $$('input[name="r"]:checked', form).length;
      button.disabled = n < 2 || n > 3;
      button.dataset.count = String(n);
    }
    form.addEventListener("change", function (e) {
      if (e.target.name === "r" && $$('input[name="r"]:checked', form).length > 3) {
        e.target.checked = false;
        if (status) { status.textContent = status.dataset.tooMany; status.classList.add("warn"); }
      } else if (status) { status.textContent = hint; status.classList.remove("warn"); }
      update();
    });
    update();
  }

  /* --- a delete asks first --- */
  $$("form.delete-form").forEach(function (f) {
    f.addEventListener("submit", function (e) { if (!window.confirm(f.dataset.confirm)) e.preventDefault(); });
  });
  window.addEventListener("beforeprint", function () { $$("details.chart-table").forEach(function (d) { d.open = true; }); });
  var printButton = $("#print-button");
  if (printButton) { printButton.hidden = false; printButton.addEventListener("click", function () { window.print(); }); }

  /* --- route page: what-if values recalculate the plan through the local API --- */
  function whatif(form) {
    var body = $("#route-body");
    var status = $("#whatif-status");
    var profile = JSON.parse($("#profile-data").textContent);
    var url = "/api/panel/" + encodeURIComponent(form.dataset.route) + "?on=" + encodeURIComponent(form.dataset.on);
    var timer = null, seq = 0;

    function num(name) {
      var el = form.elements[name];
      if (!el || el.disabled || el.value === "") return null;
      var v = Number(el.value);
      return isFinite(v) ? v : null;
    }

    function invalid() {
      /* the browser checks the limits written on each field; the message is the page's own
         (in its language), not the browser's or the API's */
      var bad = $$("input", form).filter(function (el) { return !el.disabled && !el.checkValidity(); })[0];
      return bad ? (bad.dataset.invalid || form.dataset.msgError || "?") : null;
    }

    function send() {
      var mine = ++seq;
      var problem = invalid();
      if (problem) {
        status.textContent = problem;
        status.className = "status error";
        return;
      }
      var country = form.elements.offer_country.value;
      var salary = num("offer_salary");
      var letter = form.elements.admission;
      var payload = {
        profile: profile,
        what_if: {
          hours_per_week: num("hours_per_week"),
          monthly_savings: num("monthly_savings"),
          offer: country && salary !== null ? { country: country, gross_annual_salary: salary, currency: "EUR" } : null,
          admission: letter && letter.checked ? { country: letter.dataset.country, kind: letter.value } : null
        }
      };
      status.textContent = status.dataset.busy || "…";
      status.className = "status busy";
      fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(payload),
        credentials: "same-origin"
      }).then(function (r) {
        if (mine !== seq) return;
        if (r.ok) {
          return r.text().then(function (html) {
            if (mine !== seq) return;
            body.innerHTML = html;
            status.textContent = form.dataset.msgUpdated || "✓";
            status.className = "status ok";
          });
        }
        status.textContent = form.dataset.msgError || "error";
        status.className = "status error";
      }).catch(function () {
        status.textContent = form.dataset.msgError || "error";
        status.className = "status error";
      });
    }

    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(send, 300);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); send(); });
    $("#whatif-reset").addEventListener("click", function () {
      $$("input", form).forEach(function (el) {
        if (el.type === "checkbox") { el.checked = false; return; }
        el.value = el.dataset.default !== undefined ? el.dataset.default : "";
      });
      form.elements.offer_country.value = "";
      send();
    });
  }

  var q = $("#questionnaire");
  if (q) questionnaire(q);
  results();
  var w = $("#whatif");
  if (w) whatif(w);
})();
