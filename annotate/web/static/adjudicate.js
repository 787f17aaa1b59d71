// Keyboard shortcuts for the adjudication view; plain DOM, no libraries, works offline.
(function () {
  "use strict";
  var conflicts = Array.prototype.slice.call(document.querySelectorAll("section.conflict"));
  if (!conflicts.length) { return; }
  var current = 0;
  var fromHash = /^#c(\d+)$/.exec(window.location.hash);
  if (fromHash) { current = Math.min(parseInt(fromHash[1], 10), conflicts.length - 1); }
  var nameBox = document.getElementById("adjudicator-name");

  function focus(i) {
    current = Math.max(0, Math.min(i, conflicts.length - 1));
    conflicts.forEach(function (c, j) { c.classList.toggle("active", j === current); });
    conflicts[current].scrollIntoView({ block: "center" });
  }
  function submit(form) {
    if (!form) { return; }
    Array.prototype.forEach.call(form.querySelectorAll("input.who"), function (w) {
      w.value = nameBox ? nameBox.value : "";
    });
    form.submit();
  }
  document.addEventListener("submit", function (ev) {
    Array.prototype.forEach.call(ev.target.querySelectorAll("input.who"), function (w) {
      w.value = nameBox ? nameBox.value : "";
    });
  }, true);
  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea" || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var section = conflicts[current];
    if (ev.key === "j") { focus(current + 1); }
    else if (ev.key === "k") { focus(current - 1); }
    else if (/^[1-9]$/.test(ev.key)) { submit(section.querySelector('form.pick-form[data-key="' + ev.key + '"]')); }
    else if (ev.key === "a") { submit(section.querySelector("form.accept-form")); }
    else if (ev.key === "r") { submit(section.querySelector("form.reject-form")); }
    else if (ev.key === "e") {
      var box = section.querySelector("form.edit-form input[name=start]");
      if (box) { box.focus(); box.select(); ev.preventDefault(); }
      return;
    } else { return; }
    ev.preventDefault();
  });
  focus(current);
}());
