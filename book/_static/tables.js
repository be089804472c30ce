// Sorting and filtering for the book's tables. The tables are built as static HTML (what the PDF
// prints and nbval compares); this script only adds controls in the browser: a filter field
// above each table of four rows or more, and a sort button in each column heading, which cycles
// through ascending, descending and the paper's own order. Everything works with the keyboard.
// A record table (one question's summary or evidence profile) is read in its own order: no controls.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  const cellText = (row, column) => row.cells[column].textContent.trim();

  document.querySelectorAll("table.evidence-table").forEach((table, index) => {
    const body = table.tBodies[0];
    if (!body || !table.tHead || body.rows.length < 4 || table.classList.contains("record-table")) return;
    const original = Array.from(body.rows);

    const id = `table-filter-${index}`;
    const filter = document.createElement("div");
    filter.className = "table-filter";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Filter rows";
    const input = document.createElement("input");
    input.type = "search";
    input.id = id;
    const count = document.createElement("span");
    count.className = "table-filter-count";
    count.setAttribute("role", "status");
    input.addEventListener("input", () => {
      const query = input.value.trim().toLowerCase();
      let shown = 0;
      for (const row of original) {
        const match = row.textContent.toLowerCase().includes(query);
        row.hidden = !match;
        shown += match ? 1 : 0;
      }
      count.textContent = query ? `${shown} of ${original.length} rows` : "";
    });
    filter.append(label, input, count);
    (table.closest(".table-wrapper") || table).before(filter);

    const headings = Array.from(table.tHead.rows[0].cells);
    headings.forEach((heading, column) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = heading.textContent.trim();
      button.addEventListener("click", () => {
        const next = { none: "ascending", ascending: "descending", descending: "none" }[heading.getAttribute("aria-sort") || "none"];
        headings.forEach((h) => h.removeAttribute("aria-sort"));
        let rows = original;
        if (next !== "none") {
          heading.setAttribute("aria-sort", next);
          const sign = next === "ascending" ? 1 : -1;
          rows = [...original].sort((a, b) => sign * collator.compare(cellText(a, column), cellText(b, column)));
        }
        body.append(...rows);
      });
      heading.replaceChildren(button);
    });
  });
});
