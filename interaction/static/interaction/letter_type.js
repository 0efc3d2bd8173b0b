// 写信对象 → 信件类型: show only the types the chosen mailbox accepts. Without
// this script both selects list everything and the server checks the pair.
(function () {
  "use strict";
  var mailbox = document.getElementById("id_mailbox");
  var kind = document.getElementById("id_letter_type");
  if (!mailbox || !kind) return;
  function filter() {
    var chosen = mailbox.value;
    Array.prototype.forEach.call(kind.options, function (option) {
      var ids = option.getAttribute("data-mailboxes");
      var fits = !ids || !chosen || ids.split(" ").indexOf(chosen) !== -1;
      option.hidden = !fits;
      option.disabled = !fits;
      if (!fits && option.selected) kind.value = "";
    });
  }
  mailbox.addEventListener("change", filter);
  filter();
})();
