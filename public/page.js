// The one script of pages that are not hydrated (routes with `handle.hydrate === false`, see
// docs/decisions/016-static-petition-page.md): live counts and field checks for the signing form, without the
// framework runtime. The page works fully without it.
(function () {
  "use strict";

  // ---- signing form: fields are checked as they are left, with the server's messages ----
  var form = document.querySelector("form[data-messages]");
  var summary = document.querySelector('#sign [role="alert"]');
  // After a refused submission, take keyboard and screen-reader users to the list of problems.
  if (summary) summary.focus();
  if (form) {
    var messages = JSON.parse(form.getAttribute("data-messages") || "{}");
    var namePattern = /^[\p{L}\p{M}][\p{L}\p{M}\p{Zs}'’ʼ.-]*$/u;
    var emailPattern = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+.-]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
    var checks = {
      name: function (value) {
        var name = value.normalize("NFC").replace(/\s+/g, " ").trim();
        if (!name) return "nameRequired";
        if (name.length < 2) return "nameTooShort";
        if (name.length > 120) return "nameTooLong";
        return namePattern.test(name) ? null : "nameInvalid";
      },
      email: function (value) {
        var email = value.trim();
        if (!email) return "emailRequired";
        return email.length <= 254 && emailPattern.test(email) ? null : "emailInvalid";
      },
      region: function (value) {
        return value ? null : "regionRequired";
      },
    };
    var show = function (field, code) {
      var input = form.elements.namedItem(field);
      if (!input) return;
      var id = field + "-error";
      var current = document.getElementById(id);
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (part) {
        return part && part !== id;
      });
      if (!code) {
        if (current) current.remove();
        input.removeAttribute("aria-invalid");
      } else {
        if (!current) {
          current = document.createElement("p");
          current.id = id;
          current.className = "field-error";
          input.parentNode.appendChild(current);
        }
        current.textContent = messages[code] || code;
        input.setAttribute("aria-invalid", "true");
        described.push(id);
      }
      if (described.length) input.setAttribute("aria-describedby", described.join(" "));
      else input.removeAttribute("aria-describedby");
      if (summary && !form.querySelector(".field-error")) {
        summary.remove();
        summary = null;
      }
    };
    form.addEventListener("focusout", function (event) {
      var target = event.target;
      if (target && target.name && Object.prototype.hasOwnProperty.call(checks, target.name))
        show(target.name, checks[target.name](target.value));
    });
  }

  // ---- live counts: server-sent events, polling as a fallback ----
  var panel = document.querySelector('[data-live="true"]');
  var slug = (location.pathname.match(/^\/(?:kk|ru)\/p\/([^/]+)/) || [])[1];
  if (!panel || !slug) return;
  var lang = document.documentElement.lang;
  var rules = typeof Intl !== "undefined" && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var total = panel.querySelector('[data-testid="confirmed-total"]');
  var time = panel.querySelector("time");
  var latest = time ? Date.parse(time.getAttribute("datetime")) || 0 : 0;
  var group = function (n) {
    var s = String(Math.round(n));
    return s.length <= 4 ? s : s.replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  };
  var apply = function (data) {
    var at = Date.parse(data.updatedAt) || 0;
    if (at < latest) return;
    latest = at;
    var n = data.confirmed;
    if (total) {
      var pattern =
        total.getAttribute("data-" + (rules ? rules.select(n) : "other")) || total.getAttribute("data-other");
      if (pattern) total.textContent = pattern.replace("#", group(n));
    }
    var bar = panel.querySelector('[role="progressbar"]');
    if (bar) {
      var goal = Number(bar.getAttribute("aria-valuemax")) || 0;
      bar.setAttribute("aria-valuenow", String(Math.min(n, goal)));
      var fill = bar.querySelector("[data-fill]");
      if (fill && goal) fill.setAttribute("width", String(Math.min(100, (n / goal) * 100)));
    }
    (data.regions || []).forEach(function (region) {
      var cell = document.querySelector('[data-testid="region-count-' + region.code + '"]');
      if (cell) cell.textContent = group(region.confirmed);
    });
  };
  var base = "/api/v1/petitions/" + encodeURIComponent(decodeURIComponent(slug));
  // "no-cache": revalidated every time (ETag, a 304 when nothing moved); the JSON's own
  // stale-while-revalidate would otherwise show each poll the figures of the one before.
  var poll = function () {
    fetch(base, { cache: "no-cache", headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (d) {
        if (d) apply(d);
      })
      .catch(function () {});
    setTimeout(poll, 10000);
  };
  if (typeof EventSource === "undefined") return poll();
  var failures = 0;
  var source = new EventSource(base + "/events");
  source.addEventListener("counts", function (event) {
    failures = 0;
    apply(JSON.parse(event.data));
  });
  source.onerror = function () {
    // EventSource reconnects by itself; after repeated failures fall back to polling. A refused
    // stream (429: this client holds too many) is closed for good at once: poll right away.
    if (source.readyState === EventSource.CLOSED || ++failures >= 3) {
      source.close();
      poll();
    }
  };
})();
