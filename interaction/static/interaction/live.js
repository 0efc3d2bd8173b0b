/* Live page of an online interview: poll the answered questions every 10 s while
   the interview runs and append the new ones. Plain DOM, no framework; text is
   inserted with textContent so nothing a visitor typed can run as markup. */
(function () {
  "use strict";
  var list = document.getElementById("live-questions");
  if (!list || list.getAttribute("data-state") === "已结束" || !window.fetch) { return; }
  var url = list.getAttribute("data-live-url");
  function lastId() {
    var items = list.querySelectorAll("li[data-id]");
    return items.length ? items[items.length - 1].getAttribute("data-id") : "0";
  }
  function line(cls, who, text) {
    var p = document.createElement("p"), strong = document.createElement("strong");
    p.className = cls; strong.textContent = who;
    p.appendChild(strong); p.appendChild(document.createTextNode("：" + text));
    return p;
  }
  function poll() {
    fetch(url + "?after=" + encodeURIComponent(lastId()), { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var empty = list.querySelector("li.empty");
        data.questions.forEach(function (q) {
          if (empty) { empty.remove(); empty = null; }
          var li = document.createElement("li");
          li.setAttribute("data-id", q.id);
          li.appendChild(line("question", q.asker, q.question));
          li.appendChild(line("answer", q.guest || "嘉宾", q.answer));
          list.appendChild(li);
        });
        if (data.state !== "已结束") { window.setTimeout(poll, 10000); }
      })
      .catch(function () { window.setTimeout(poll, 30000); });
  }
  window.setTimeout(poll, 3000);
})();
