// The one script of pages that are not hydrated (routes with `handle.hydrate === false`, see
// docs/decisions/016-static-petition-page.md): live counts and field checks for the signing form, without the
// framework runtime. The page works fully without it.
(function () {
  "use strict";

  // ---- signing form: a field is checked once it was changed and left, with the server's messages ----
  var form = document.querySelector("form[data-messages]");
  var summary = document.getElementById("sign-summary");
  // After a refused submission, take keyboard and screen-reader users to the list of problems.
  if (summary) summary.focus();
  if (form) {
    var messages = JSON.parse(form.getAttribute("data-messages") || "{}");
    var namePattern = /^[\p{L}\p{M}][\p{L}\p{M}\p{Zs}'’ʼ.-]*$/u;
    var emailPattern = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+.-]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
    var checks = {
      name: function (input) {
        var name = input.value.normalize("NFC").replace(/\s+/g, " ").trim();
        if (!name) return "nameRequired";
        if (name.length < 2) return "nameTooShort";
        if (name.length > 120) return "nameTooLong";
        return namePattern.test(name) ? null : "nameInvalid";
      },
      email: function (input) {
        var email = input.value.trim();
        if (!email) return "emailRequired";
        return email.length <= 254 && emailPattern.test(email) ? null : "emailInvalid";
      },
      region: function (input) {
        return input.value ? null : "regionRequired";
      },
      consent: function (input) {
        return input.checked ? null : "consentRequired";
      },
    };
    var formRules =
      typeof Intl !== "undefined" && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;
    var updateSummary = function (field, fixed) {
      if (!summary) return;
      var item = summary.querySelector('[data-summary-for="' + field + '"]');
      if (item) {
        if (fixed) item.setAttribute("data-fixed", "");
        else item.removeAttribute("data-fixed");
      }
      var left = summary.querySelectorAll("[data-summary-for]:not([data-fixed])").length;
      var count = summary.querySelector("[data-summary-count]");
      if (!count) return;
      // Never shorter than it was (CSSOM, allowed by the CSP): a line less would move the form up.
      if (!count.style.minHeight) count.style.minHeight = count.offsetHeight + "px";
      count.textContent = left
        ? (
            summary.getAttribute("data-left-" + (formRules ? formRules.select(left) : "other")) ||
            summary.getAttribute("data-left-other")
          ).replace("#", String(left))
        : summary.getAttribute("data-fixed");
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
        // The line keeps its space, invisible: nothing below moves under the finger.
        if (current) current.setAttribute("data-cleared", "");
        input.removeAttribute("aria-invalid");
      } else {
        if (!current) {
          current = document.createElement("p");
          current.id = id;
          current.className = "field-error data-[cleared]:invisible";
          var holder = input.type === "checkbox" ? input.parentNode : input;
          holder.parentNode.insertBefore(current, holder.nextSibling);
          if (field === "email") {
            var hint = document.getElementById("email-hint");
            if (hint) hint.parentNode.insertBefore(current, hint.nextSibling);
          }
        }
        current.removeAttribute("data-cleared");
        current.textContent = messages[code] || code;
        input.setAttribute("aria-invalid", "true");
        described.push(id);
      }
      if (described.length) input.setAttribute("aria-describedby", described.join(" "));
      else input.removeAttribute("aria-describedby");
      updateSummary(field, !code);
    };
    // Leaving a field untouched (tabbing past it) is not a mistake: only changed fields are checked.
    var changed = {};
    form.addEventListener("input", function (event) {
      var target = event.target;
      if (target && target.name) changed[target.name] = true;
    });
    var check = function (event) {
      var target = event.target;
      if (!target || !target.name || !Object.prototype.hasOwnProperty.call(checks, target.name)) return;
      var shown = target.getAttribute("aria-invalid") === "true";
      if (changed[target.name] || shown) show(target.name, checks[target.name](target));
    };
    form.addEventListener("focusout", check);
    form.addEventListener("change", function (event) {
      if (event.target && event.target.type === "checkbox") check(event);
    });

    // ---- "did you mean …@gmail.com?" as people type (the same rule as app/lib/email-typo.ts) ----
    var email = form.elements.namedItem("email");
    var typoBox = document.getElementById("email-typo");
    var domains = (form.getAttribute("data-domains") || "").split(" ").filter(Boolean);
    var distance = function (a, b) {
      var rows = [];
      for (var i = 0; i <= a.length; i++) {
        rows.push([i]);
        for (var j = 1; j <= b.length; j++) rows[i].push(i === 0 ? j : 0);
      }
      for (i = 1; i <= a.length; i++)
        for (j = 1; j <= b.length; j++) {
          var cost = a[i - 1] === b[j - 1] ? 0 : 1;
          rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
            rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
        }
      return rows[a.length][b.length];
    };
    var suggest = function (address) {
      var at = address.lastIndexOf("@");
      if (at < 1) return null;
      var domain = address
        .slice(at + 1)
        .trim()
        .toLowerCase();
      if (!domain || domains.indexOf(domain) >= 0) return null;
      var best = null;
      var bestDistance = Infinity;
      domains.forEach(function (candidate) {
        var d = distance(domain, candidate);
        if (d <= (candidate.length <= 6 ? 1 : 2) && d < bestDistance) {
          best = candidate;
          bestDistance = d;
        }
      });
      return best ? address.slice(0, at) + "@" + best : null;
    };
    var offered = null;
    var offer = function () {
      var suggestion = email.value.indexOf("@") > 0 ? suggest(email.value.trim()) : null;
      if (suggestion === offered) return;
      offered = suggestion;
      typoBox.textContent = "";
      if (!suggestion) return;
      var line = document.createElement("p");
      line.className = "mt-2 rounded border border-amber-600 bg-amber-50 p-3";
      line.appendChild(document.createTextNode(form.getAttribute("data-typo-question").replace("#", suggestion) + " "));
      var use = document.createElement("button");
      use.type = "button";
      use.className = "inline-block py-2 font-semibold text-brand-800 underline";
      use.textContent = form.getAttribute("data-typo-use").replace("#", suggestion);
      use.setAttribute("data-testid", "typo-use");
      use.addEventListener("click", function () {
        email.value = suggestion;
        changed.email = true;
        offer();
        show("email", checks.email(email));
        email.focus();
      });
      line.appendChild(use);
      typoBox.appendChild(line);
    };
    var timer = 0;
    if (email && typoBox) {
      email.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(offer, 250);
      });
      email.addEventListener("blur", offer);
      form.addEventListener("submit", function () {
        // Seen and not taken: the server is told the address is meant as typed.
        if (!offered || email.value.trim() === offered) return;
        var add = function (name, value) {
          var field = form.querySelector('input[type="hidden"][name="' + name + '"]');
          if (!field) {
            field = document.createElement("input");
            field.type = "hidden";
            field.name = name;
            form.appendChild(field);
          }
          field.value = value;
        };
        form.querySelectorAll('input[type="radio"][name="emailChoice"]').forEach(function (radio) {
          radio.disabled = true;
        });
        add("emailSeen", email.value.trim());
        add("emailChoice", "keep");
      });
    }
  }

  // ---- sharing: copy the link, the system share sheet where there is one ----
  document.querySelectorAll("[data-share]").forEach(function (box) {
    var status = box.querySelector("[data-share-status]");
    var url = box.getAttribute("data-url");
    var say = function (text) {
      if (status) status.textContent = text;
    };
    var copy = box.querySelector("[data-share-copy]");
    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(
          function () {
            say(status.getAttribute("data-copied"));
          },
          function () {
            say(status.getAttribute("data-failed"));
          },
        );
      });
    }
    var native = box.querySelector("[data-share-native]");
    if (native && navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () {
        var text = box.querySelector("[data-share-text]");
        navigator
          .share({ title: box.getAttribute("data-title"), text: text ? text.textContent : "", url: url })
          .catch(function () {});
      });
    }
  });

  // ---- live counts: server-sent events, polling as a fallback ----
  var panel = document.querySelector('[data-live="true"]');
  var slug = (location.pathname.match(/^\/(?:kk|kk-latn|ru)\/p\/([^/]+)/) || [])[1];
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
    // The "as of" time moves with the number it dates.
    if (time && at) {
      time.setAttribute("datetime", isoKazakhstan(at));
      time.textContent = (time.getAttribute("data-pattern") || "#").replace("#", kazakhstanTime(at));
    }
    document.querySelectorAll("[data-share]").forEach(function (box) {
      var pattern = box.getAttribute("data-" + (rules ? rules.select(n) : "other")) || box.getAttribute("data-other");
      if (!pattern) return;
      var text = pattern.replace("#", group(n));
      var url = box.getAttribute("data-url");
      var shown = box.querySelector("[data-share-text]");
      if (shown) shown.textContent = text;
      var tg = box.querySelector('[data-share-to="telegram"]');
      if (tg) tg.href = "https://t.me/share/url?url=" + encodeURIComponent(url) + "&text=" + encodeURIComponent(text);
      var wa = box.querySelector('[data-share-to="whatsapp"]');
      if (wa) wa.href = "https://wa.me/?text=" + encodeURIComponent(text + " " + url);
    });
  };
  // Kazakhstan time, written as app/lib/format.ts writes it (formatDateTime, isoKazakhstan).
  var pad = function (n) {
    return (n < 10 ? "0" : "") + n;
  };
  var kazakhstanTime = function (ms) {
    var d = new Date(ms + 5 * 3600000);
    var months = (time.getAttribute("data-months") || "").split("|");
    var y = d.getUTCFullYear();
    // The year's abbreviation comes from the page too: on /kk-latn/ it is in Latin letters.
    var kk = lang.slice(0, 2) === "kk";
    var year = time.getAttribute("data-year") || (kk ? "ж." : "г.");
    var date = kk
      ? y + "\u00a0" + year + " " + d.getUTCDate() + " " + months[d.getUTCMonth()]
      : d.getUTCDate() + " " + months[d.getUTCMonth()] + " " + y + "\u00a0" + year;
    return date + ", " + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + " (UTC+5)";
  };
  var isoKazakhstan = function (ms) {
    return new Date(ms + 5 * 3600000).toISOString().slice(0, 19) + "+05:00";
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
