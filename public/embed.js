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
  function show(data) {
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
