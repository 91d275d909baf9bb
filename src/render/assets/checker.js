// rl-lint checker page. Loaded from the server itself (the Content
// Security Policy allows no inline script). Without it the page still
// works: a highlight is a link to its finding in the list.
"use strict";
(function () {
  // Marks that the script ran (the CI's browser test looks for it).
  document.documentElement.classList.add("js");
  var detail = document.getElementById("detail");

  // The highlight whose details are shown, to give the focus back to.
  var opener = null;

  function closeDetail() {
    if (detail) { detail.hidden = true; detail.textContent = ""; }
    document.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
    var back = opener;
    opener = null;
    return back;
  }

  // A highlight is a link to its finding in the list; with the script it
  // opens the finding's details beside it (message, help, basis). Links
  // take the focus with Tab and open with Enter; Space opens them too.
  document.querySelectorAll("a.hl").forEach(function (mark) {
    mark.setAttribute("aria-haspopup", "dialog");
  });

  function openDetail(mark, byKeyboard) {
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
    close.addEventListener("click", function () {
      var back = closeDetail();
      if (back) { back.focus(); }
    });
    detail.appendChild(close);
    detail.appendChild(list);
    mark.classList.add("current");
    opener = mark;
    var box = mark.getBoundingClientRect();
    detail.style.left = Math.max(8, Math.min(box.left, window.innerWidth - 520)) + "px";
    detail.style.top = Math.min(box.bottom + 6, window.innerHeight - 220) + "px";
    detail.hidden = false;
    // From the keyboard, the focus goes into the details (Escape or the
    // close button brings it back to the highlight).
    if (byKeyboard) { close.focus({ preventScroll: true }); }
  }

  document.addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest("a.hl") : null;
    if (!mark || !detail) {
      if (detail && !detail.hidden && !detail.contains(event.target)) { closeDetail(); }
      return;
    }
    event.preventDefault();
    // Enter on a focused link arrives as a click with no pointer (detail 0).
    openDetail(mark, event.detail === 0);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      var back = closeDetail();
      if (back) { back.focus(); }
      return;
    }
    var mark = event.target.closest ? event.target.closest("a.hl") : null;
    if (mark && detail && (event.key === " " || event.key === "Spacebar")) {
      event.preventDefault();
      openDetail(mark, true);
    }
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
