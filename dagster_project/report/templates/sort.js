// Click a column head to sort a table by it; numbers sort by the value behind the formatted text.
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("thead th").forEach(function (head, index) {
    head.addEventListener("click", function () {
      var body = table.tBodies[0];
      var descending = head.dataset.order !== "desc";
      table.querySelectorAll("thead th").forEach(function (h) { delete h.dataset.order; });
      head.dataset.order = descending ? "desc" : "asc";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[index], y = b.cells[index];
        var vx = x.dataset.value, vy = y.dataset.value;
        var nx = vx === undefined || vx === "" ? NaN : Number(vx), ny = vy === undefined || vy === "" ? NaN : Number(vy);
        var order;
        if (!isNaN(nx) || !isNaN(ny)) {
          order = (isNaN(nx) ? -Infinity : nx) - (isNaN(ny) ? -Infinity : ny);
        } else {
          order = x.textContent.localeCompare(y.textContent);
        }
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
