// rl-lint review page: click a column header to sort an overview table
// (again to reverse). The tables are complete and readable without this.
"use strict";
(function () {
  function sortable(table) {
    var body = table.tBodies[0];
    table.querySelectorAll("th").forEach(function (th, column) {
      var ascending = true;
      th.title = "点击排序";
      th.addEventListener("click", function () {
        var numeric = th.getAttribute("data-sort") === "number";
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column] ? a.cells[column].textContent : "";
          var y = b.cells[column] ? b.cells[column].textContent : "";
          var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "zh");
          return ascending ? order : -order;
        });
        ascending = !ascending;
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  // One table per report type, each sorted on its own.
  document.querySelectorAll("table.overview").forEach(sortable);
})();
