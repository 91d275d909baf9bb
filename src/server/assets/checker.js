// rl-lint checker page. Loaded from the server itself (the Content
// Security Policy allows no inline script). Without it the page still
// works: a highlight is a link to its finding in the list.
"use strict";
(function () {
  // Marks that the script ran (the CI's browser test looks for it).
  document.documentElement.classList.add("js");
  var detail = document.getElementById("detail");

  function closeDetail() {
    if (detail) { detail.hidden = true; detail.textContent = ""; }
    document.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
  }

  // A click on a highlight shows its findings (message, help, basis) beside it.
  document.addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest("a.hl") : null;
    if (!mark || !detail) {
      if (detail && !detail.hidden && !detail.contains(event.target)) { closeDetail(); }
      return;
    }
    event.preventDefault();
    closeDetail();
    var list = document.createElement("ol");
    (mark.getAttribute("data-f") || "").split(" ").forEach(function (n) {
      var item = document.getElementById("f" + n);
      if (item) {
        item.classList.add("current");
        var copy = item.cloneNode(true);
        copy.removeAttribute("id");
        list.appendChild(copy);
      }
    });
    var close = document.createElement("button");
    close.className = "close";
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "关闭");
    close.addEventListener("click", closeDetail);
    detail.appendChild(close);
    detail.appendChild(list);
    mark.classList.add("current");
    var box = mark.getBoundingClientRect();
    detail.style.left = Math.max(8, Math.min(box.left, window.innerWidth - 520)) + "px";
    detail.style.top = Math.min(box.bottom + 6, window.innerHeight - 220) + "px";
    detail.hidden = false;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeDetail(); }
  });

  // Dropping a file on the drop zone chooses it, as the file button does.
  var drop = document.querySelector(".drop");
  var input = document.getElementById("file");
  var chosen = document.getElementById("chosen");
  function showChosen() {
    if (chosen && input && input.files && input.files.length) { chosen.textContent = "已选择：" + input.files[0].name; }
  }
  if (drop && input) {
    ["dragenter", "dragover"].forEach(function (type) {
      drop.addEventListener(type, function (event) { event.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      drop.addEventListener(type, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        showChosen();
      }
    });
    input.addEventListener("change", showChosen);
  }
})();
