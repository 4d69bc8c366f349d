// Live updates for the embeddable counter: server-sent events, polling as a fallback.
(function () {
  var root = document.querySelector(".embed");
  if (!root || root.getAttribute("data-live") !== "true") return;
  var slug = root.getAttribute("data-slug");
  var lang = root.getAttribute("data-lang");
  var countEl = root.querySelector(".count");
  var fill = root.querySelector(".fill");
  var goalEl = root.querySelector(".goal");
  var rules = typeof Intl !== "undefined" && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  function group(n) {
    var s = String(n);
    return s.length <= 4 ? s : s.replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  }
  var time = root.querySelector("time");
  var latest = time ? Date.parse(time.getAttribute("datetime")) || 0 : 0;
  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }
  // Kazakhstan time, written as the page writes it (app/lib/format.ts).
  function asOf(ms) {
    var d = new Date(ms + 5 * 3600000);
    var months = (time.getAttribute("data-months") || "").split("|");
    var y = d.getUTCFullYear();
    var year = time.getAttribute("data-year") || (lang === "kk" ? "ж." : "г.");
    var date =
      lang === "kk"
        ? y + "\u00a0" + year + " " + d.getUTCDate() + " " + months[d.getUTCMonth()]
        : d.getUTCDate() + " " + months[d.getUTCMonth()] + " " + y + "\u00a0" + year;
    return date + ", " + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + " (UTC+5)";
  }
  function show(data) {
    var at = Date.parse(data.updatedAt) || 0;
    if (at < latest) return;
    latest = at;
    // The "as of" time moves with the number it dates.
    if (time && at) {
      time.setAttribute("datetime", new Date(at + 5 * 3600000).toISOString().slice(0, 19) + "+05:00");
      time.textContent = (time.getAttribute("data-pattern") || "#").replace("#", asOf(at));
    }
    var n = data.confirmed;
    var form = rules ? rules.select(n) : "other";
    var pattern = countEl.getAttribute("data-" + form) || countEl.getAttribute("data-other");
    countEl.textContent = pattern.replace("#", group(n));
    var goal = goalEl ? Number(goalEl.getAttribute("data-goal")) : 0;
    if (fill && goal) fill.setAttribute("width", String(Math.min(100, (n / goal) * 100).toFixed(2)));
  }
  var base = "/api/v1/petitions/" + encodeURIComponent(slug);
  // Revalidated each time: stale-while-revalidate would show each poll the previous figures.
  function poll() {
    fetch(base, { cache: "no-cache" })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (d) {
        if (d) show(d);
      })
      .catch(function () {});
    setTimeout(poll, 15000);
  }
  if (typeof EventSource === "undefined") return poll();
  var failures = 0;
  var source = new EventSource(base + "/events");
  source.addEventListener("counts", function (event) {
    failures = 0;
    show(JSON.parse(event.data));
  });
  source.onerror = function () {
    // A refused stream (429) is closed for good at once; otherwise give reconnection three tries.
    if (source.readyState === EventSource.CLOSED || ++failures >= 3) {
      source.close();
      poll();
    }
  };
})();
