/* Sorting and filtering for the intranet's long tables, in the browser, without a server.
   A table marked data-zd-sort gets a button in each column heading that sorts by that column
   (again: the other way); a form marked data-zd-filter="<table id>" shows only the rows whose
   data-* attributes match its selects. The page is complete without this script: the table
   is in its default order and the form stays hidden. */
(function () {
  "use strict";
  var collator = new Intl.Collator("zh-Hans-CN-u-co-pinyin", { numeric: true });
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  function key(cell) {
    var sort = cell.getAttribute("data-sort");
    return sort === null ? cell.textContent.trim() : sort;
  }

  function sortable(table) {
    var head = table.tHead, body = table.tBodies[0];
    if (!head || !body) return;
    var cells = head.rows[0].cells;
    each(cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "zd-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var numeric = th.getAttribute("data-type") === "number";
        each(cells, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {  // stable: equal keys keep their order
          var x = key(a.cells[index]), y = key(b.cells[index]);
          var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0)
                              : collator.compare(x, y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function filterable(form) {
    var table = document.getElementById(form.getAttribute("data-zd-filter"));
    if (!table || !table.tBodies[0]) return;
    var selects = form.querySelectorAll("select[data-column]");
    var output = form.querySelector("output");
    function apply() {
      var rows = table.tBodies[0].rows, shown = 0;
      each(rows, function (row) {
        var keep = Array.prototype.every.call(selects, function (select) {
          return !select.value ||
            row.getAttribute("data-" + select.getAttribute("data-column")) === select.value;
        });
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      if (output) output.textContent = "显示 " + shown + " 条，共 " + rows.length + " 条";
    }
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  each(document.querySelectorAll("table[data-zd-sort]"), sortable);
  each(document.querySelectorAll("form[data-zd-filter]"), filterable);
})();
